"""Translates a SAM template with AWS's SAM translator (aws-sam-translator) and prints the
CloudFormation template as JSON; used by SamToolsIT. Local CodeUri values become S3 URIs, as
`sam package` makes them; no AWS call is made (no managed-policy lookup, a fixed region).

usage: python3 sam_translate.py <template> [Name=Value ...]
"""
import json
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    def load(self):
        return {}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        if isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = "s3://bucket/key.zip"
    parameters = dict(arg.split("=", 1) for arg in sys.argv[2:])
    json.dump(transform(template, parameters, NoManagedPolicies()), sys.stdout, default=str)


if __name__ == "__main__":
    main()
