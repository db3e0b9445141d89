// Redoc's side menu always shows a logo from cdn.redoc.ly. The Content
// Security Policy allows no outside host, so the browser would report a
// violation: the logo is hidden instead of fetched. React sets an image's
// address both as an attribute and as a property; both are caught here.
(() => {
  "use strict";
  const LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  const setAttribute = Element.prototype.setAttribute;

  function isLogo(element, value) {
    if (element instanceof HTMLImageElement && value === LOGO) {
      element.hidden = true;
      return true;
    }
    return false;
  }

  Object.defineProperty(HTMLImageElement.prototype, "src", {
    ...src,
    set(value) {
      if (!isLogo(this, value)) src.set.call(this, value);
    },
  });
  Element.prototype.setAttribute = function (name, value) {
    if (!(name === "src" && isLogo(this, value))) setAttribute.call(this, name, value);
  };
})();
