// The Node.js peer of tollgate's cold-start benchmark: a REST TOKEN authorizer doing tollgate's job
// with the de-facto Node libraries, so the harness can set a Node function's cold start beside the
// Java one's.
//
// What it does, per event {"type":"TOKEN","authorizationToken":"Bearer <jwt>","methodArn":"arn:..."}:
//   1. verifies the RS256 JWT with aws-jwt-verify's generic JwtVerifier (issuer, audience, JWKS URI);
//   2. reads the principal's item with one DynamoDB GetItem (AWS SDK v3 DynamoDBClient) from
//      $PEER_TABLE, key {principal: {S: sub}}, projecting the string set `permissions`;
//   3. answers an IAM policy: Allow on arn:...:<api>/<stage>/<METHOD>/<path> for each permission
//      "METHOD /path" of the item, principalId = sub; no item (or no usable permission) gives an
//      explicit Deny of arn:...:<api>/<stage>/*; an invalid token fails the invocation with exactly
//      the error message "Unauthorized" (what API Gateway turns into a 401).
//
// Init is this module's load, as in Lambda's Node runtime: the verifier and the DynamoDB client are
// created here and the JWKS is fetched here (verifier.hydrate(), awaited at top level, as
// aws-jwt-verify's README recommends doing outside the handler), so runtime.mjs asks for the first
// event only once the JWKS is in memory. A failure here (missing configuration, JWKS unreachable)
// rejects the import and runtime.mjs reports it to /runtime/init/error.
//
// What it does not do, unlike tollgate: no caching of decisions or verified tokens, no roles, no
// glob matching of its own (API Gateway matches the resources), no context or usage plan key, no
// REQUEST or HTTP API events, no logs. The DynamoDB endpoint comes from AWS_ENDPOINT_URL_DYNAMODB,
// which the SDK v3 reads itself (service id "DynamoDB"); region from AWS_REGION; credentials from
// the SDK's default chain, which takes AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN
// first.

import { JwtVerifier } from "aws-jwt-verify";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

const table = required("PEER_TABLE");

const verifier = JwtVerifier.create({
  issuer: required("PEER_ISSUER"),
  audience: required("PEER_AUDIENCE"),
  jwksUri: required("PEER_JWKS_URI"),
});

const dynamodb = new DynamoDBClient({});

// The JWKS fetch at init; the import of this module waits for it.
await verifier.hydrate();

const BEARER = /^bearer[ \t]+([^ \t]+)$/i;
// arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>
const METHOD_ARN = /^arn:([a-z-]+):execute-api:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9]+)\/([^/]+)\/([A-Z]+|\*)(\/.*)?$/;
const PERMISSION = /^([A-Z]+|\*)[ \t]+(\/\S*)$/;

function unauthorized() {
  return new Error("Unauthorized");
}

function policy(principalId, effect, resources) {
  return {
    principalId,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resources }],
    },
  };
}

export async function handler(event) {
  const bearer = BEARER.exec(String(event?.authorizationToken ?? "").trim());
  if (!bearer) {
    throw unauthorized();
  }
  let claims;
  try {
    claims = await verifier.verify(bearer[1]);
  } catch {
    throw unauthorized();
  }
  const sub = claims.sub;
  if (typeof sub !== "string" || sub === "") {
    throw unauthorized();
  }

  const arn = METHOD_ARN.exec(String(event.methodArn ?? ""));
  if (!arn) {
    throw new Error("invalid methodArn");
  }
  const [, partition, region, account, api, stage] = arn;
  const stagePrefix = `arn:${partition}:execute-api:${region}:${account}:${api}/${stage}/`;

  const { Item: item } = await dynamodb.send(
    new GetItemCommand({
      TableName: table,
      Key: { principal: { S: sub } },
      ProjectionExpression: "#p",
      ExpressionAttributeNames: { "#p": "permissions" },
    }),
  );

  const resources = [];
  for (const text of item?.permissions?.SS ?? []) {
    const permission = PERMISSION.exec(text);
    if (permission) {
      resources.push(stagePrefix + permission[1] + permission[2]);
    }
  }
  if (resources.length === 0) {
    return policy(sub, "Deny", [stagePrefix + "*"]);
  }
  return policy(sub, "Allow", resources);
}
