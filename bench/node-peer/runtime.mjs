// A minimal Lambda Runtime API client for the Node.js peer (`node runtime.mjs`): it stands in for
// Lambda's Node.js runtime so that the peer runs under the harness's local Runtime API as the Java
// function runs under aws-lambda-java-runtime-interface-client.
//
// What it emulates of Lambda's nodejs runtime: the handler module (./index.mjs) is imported first
// and its load is the init phase (top-level await included); then it loops over
// GET /2018-06-01/runtime/invocation/next at http://$AWS_LAMBDA_RUNTIME_API, calls the async
// handler with the event and a small context (awsRequestId, invokedFunctionArn,
// getRemainingTimeInMillis), sets _X_AMZN_TRACE_ID from the trace header, and posts the JSON
// result to /invocation/<id>/response, or {"errorMessage","errorType"} with the header
// Lambda-Runtime-Function-Error-Type: Unhandled to /invocation/<id>/error; an init failure goes
// to /runtime/init/error and the process exits. All of it over one keep-alive connection
// (node:http Agent, one socket), as Lambda's runtime keeps one connection to the Runtime API.
//
// What it does not: Lambda's runtime is its own client (aws-lambda-nodejs-runtime-interface-client,
// native C++ HTTP code plus JS), started by Lambda's bootstrap with its own node flags; this is a
// ~50-line loop started with no node flags. No _HANDLER lookup (the handler is fixed), no callback
// or context.done style handlers, no response streaming, no stack trace in error reports, no
// console patching (request-id prefixed logs), no client context or Cognito identity, no
// uncaught-exception reporting beyond the process dying.

import http from "node:http";

const [host, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? "").split(":");
if (!host || !port) {
  console.error("AWS_LAMBDA_RUNTIME_API is not set (host:port)");
  process.exit(1);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const BASE = "/2018-06-01/runtime";

function call(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      { host, port, method, path: BASE + path, agent,
        headers: data ? { "Content-Type": "application/json", "Content-Length": data.length, ...headers } : headers },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      });
    req.on("error", reject);
    req.end(data);
  });
}

const errorBody = (e) => JSON.stringify({ errorMessage: e?.message ?? String(e), errorType: e?.name ?? "Error" });
const UNHANDLED = { "Lambda-Runtime-Function-Error-Type": "Unhandled" };

let handler;
try {
  ({ handler } = await import("./index.mjs"));
  if (typeof handler !== "function") throw new Error("index.mjs exports no handler function");
} catch (e) {
  await call("POST", "/init/error", errorBody(e), UNHANDLED).catch(() => {});
  console.error("init failed:", e);
  process.exit(1);
}

for (;;) {
  const next = await call("GET", "/invocation/next");
  if (next.status !== 200) {
    console.error(`invocation/next answered ${next.status}: ${next.body}`);
    process.exit(1);
  }
  const id = next.headers["lambda-runtime-aws-request-id"];
  const deadline = Number(next.headers["lambda-runtime-deadline-ms"]);
  if (next.headers["lambda-runtime-trace-id"]) process.env._X_AMZN_TRACE_ID = next.headers["lambda-runtime-trace-id"];
  const context = {
    awsRequestId: id,
    invokedFunctionArn: next.headers["lambda-runtime-invoked-function-arn"],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  try {
    const result = await handler(JSON.parse(next.body), context);
    await call("POST", `/invocation/${id}/response`, JSON.stringify(result ?? null));
  } catch (e) {
    await call("POST", `/invocation/${id}/error`, errorBody(e), UNHANDLED);
  }
}
