// A Cloud Storage JSON API server for GcsObjectStoreTest: the HTTP server of firebase-tools' Storage emulator,
// listening on 127.0.0.1 at a free port, which it prints as "LISTENING <port>" once it accepts connections.
//
// It is started here rather than through `firebase emulators:start` because that first starts the emulator's
// Security Rules engine, a JAR which firebase-tools downloads from Google on first use and which this network
// cannot reach. The Cloud Storage API paths (/storage/v1, /upload/storage/v1) never evaluate rules: they act as
// an administrator, as a service account would. The server stops when its standard input closes, so it never
// outlives the JVM that started it.
"use strict";
const http = require("http");
const zlib = require("zlib");
const { StorageEmulator } = require("firebase-tools/lib/emulator/storage");
const { createApp } = require("firebase-tools/lib/emulator/storage/server");
const { EmulatorRegistry } = require("firebase-tools/lib/emulator/registry");

// The emulator reads a multipart upload's parts as "Content-Type: …", a blank line and the data; Cloud Storage
// itself takes any part headers, and the Java client sends Content-Transfer-Encoding before Content-Type. This
// leaves each part only its Content-Type (what the other header says, "binary", is no change at all).
function onlyContentTypeHeaders(body, boundary) {
  const delimiter = Buffer.from(`--${boundary}`);
  const out = [];
  let copied = 0; // body up to here is in out
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const headersStart = at + delimiter.length + 2; // after "--boundary\r\n"; the last delimiter ends in "--"
    const headersEnd = body.indexOf("\r\n\r\n", headersStart);
    if (body.subarray(at + delimiter.length, headersStart).toString() === "\r\n" && headersEnd >= 0) {
      out.push(body.subarray(copied, headersStart));
      const contentType = body.subarray(headersStart, headersEnd).toString("latin1").split("\r\n")
        .filter((h) => h.toLowerCase().startsWith("content-type:"))
        .map((h) => `Content-Type: ${h.substring(h.indexOf(":") + 1).trim()}`);
      out.push(Buffer.from(contentType.join("\r\n"), "latin1"));
      copied = headersEnd;
    }
    at = body.indexOf(delimiter, Math.max(headersStart, copied));
  }
  out.push(body.subarray(copied));
  return Buffer.concat(out);
}

async function main() {
  const emulator = new StorageEmulator({ projectId: "demo-hibiki", host: "127.0.0.1", port: 0, auto_download: false });
  const app = await createApp("demo-hibiki", emulator);
  const server = http.createServer((req, res) => {
    const type = req.headers["content-type"] || "";
    const boundary = /boundary=("?)([^";]+)\1/.exec(type);
    if (req.method !== "POST" || !type.startsWith("multipart/related") || !boundary) {
      app(req, res);
      return;
    }
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if ((req.headers["content-encoding"] || "").toLowerCase() === "gzip") {
        body = zlib.gunzipSync(body); // the Java client compresses upload bodies
        delete req.headers["content-encoding"];
      }
      req.body = onlyContentTypeHeaders(body, boundary[2]);
      req._body = true; // body-parser then leaves the body as it is
      app(req, res);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    // the emulator builds the URLs it returns (bucket metadata, resumable upload sessions) from its registry entry
    emulator.args.port = server.address().port;
    EmulatorRegistry.set(emulator.getName(), emulator);
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("close", () => process.exit(0));
}

main().catch((e) => {
  process.stderr.write(`gcs-server: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
