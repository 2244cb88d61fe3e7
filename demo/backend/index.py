"""tollgate demo backend: echoes what the Lambda authorizer put in the request context.

Deployed by template.yaml behind the demo APIs; `sam local start-api` runs it too.
"""
import json


def handler(event, context):
    authorizer = event.get("requestContext", {}).get("authorizer") or {}
    # HTTP API payload 2.0 nests the Lambda authorizer context under "lambda".
    claims = authorizer.get("lambda", authorizer)
    body = {
        "route": event.get("routeKey") or event.get("resource"),
        "path": event.get("rawPath") or event.get("path"),
        "principalId": claims.get("principalId", authorizer.get("principalId")),
        "tenant": claims.get("tenant"),
        "scope": claims.get("scope"),
        "authorizer": authorizer,
    }
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}
