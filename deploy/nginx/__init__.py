"""Fill in deploy/nginx/omzien.conf for one nginx process."""

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).with_name("omzien.conf")


def render(
    *,
    listen: str,
    upstream: str,
    runtime: Path,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    daemon: bool = True,
    media_root: Path | None = None,
) -> str:
    """The configuration: nginx on `listen` in front of gunicorn on `upstream`,
    its pid, log and buffer files under `runtime` (which is created)."""
    runtime.mkdir(parents=True, exist_ok=True)
    tls = ""
    if tls_cert or tls_key:
        listen += " ssl"
        tls = f"ssl_certificate {tls_cert};\n        ssl_certificate_key {tls_key};"
    values = {
        "listen": listen,
        "upstream": upstream,
        "runtime": str(runtime),
        "tls": tls,
        "daemon": "on" if daemon else "off",
        "media_root": str(media_root or runtime / "media"),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", required=True, help="e.g. 443 or 127.0.0.1:8080")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn")
    parser.add_argument("--runtime", type=Path, required=True, help="a private dir")
    parser.add_argument("--tls-cert", type=Path)
    parser.add_argument("--tls-key", type=Path)
    parser.add_argument("--media-root", type=Path, help="MEDIA_ROOT: images")
    args = parser.parse_args()
    print(  # noqa: T201
        render(
            listen=args.listen,
            upstream=args.upstream,
            runtime=args.runtime.resolve(),
            tls_cert=args.tls_cert and args.tls_cert.resolve(),
            tls_key=args.tls_key and args.tls_key.resolve(),
            media_root=args.media_root and args.media_root.resolve(),
        ),
        end="",
    )
