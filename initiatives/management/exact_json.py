"""Django's JSON serialisation with times to the microsecond.

DjangoJSONEncoder cuts date-times and times to milliseconds (ECMA-262 has
no more), so a backup would lose the rest. `loaddata` reads the full ISO
8601 form back with the standard `json` format.
"""

import datetime as dt

from django.core.serializers import json


class ExactEncoder(json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime | dt.time) and o.microsecond:
            text = o.isoformat()
            return (
                text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
            )
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = json.Deserializer
