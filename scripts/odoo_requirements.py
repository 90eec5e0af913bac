"""Print Odoo's requirements.txt without its version pins.

Odoo's own pins do not all build on the Python in use (e.g. cbor2 5.4.2 has no wheel and
its setup.py needs pkg_resources on Python 3.11); the working versions are recorded in
scripts/constraints.txt, which pip applies on top of this list.
"""

import re
import sys

RENAMED = {"psycopg2": "psycopg2-binary"}  # same import name, ships a wheel
DROPPED = {"python-ldap"}  # only for auth_ldap; needs system LDAP headers


def main(path):
    seen = set()
    with open(path, encoding="utf-8") as requirements:
        lines = requirements.read().splitlines()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, _sep, marker = line.partition(";")
        name = re.split(r"[=<>!~\[ ]", requirement.strip(), maxsplit=1)[0]
        name = RENAMED.get(name, name)
        if name in DROPPED:
            continue
        entry = f"{name} ; {marker.strip()}" if marker.strip() else name
        if entry not in seen:
            seen.add(entry)
            print(entry)


if __name__ == "__main__":
    main(sys.argv[1])
