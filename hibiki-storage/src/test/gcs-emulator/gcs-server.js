// A Cloud Storage JSON API server for GcsObjectStoreTest: the HTTP server of firebase-tools' Storage emulator,
// listening on 127.0.0.1 at a free port, which it prints as "LISTENING <port>" once it accepts connections.
//
// It is started here rather than through `firebase emulators:start` because that first starts the emulator's
// Security Rules engine, a JAR which firebase-tools downloads from Google on first use and which this network
// cannot reach. The Cloud Storage API paths (/storage/v1, /upload/storage/v1) never evaluate rules: they act as
// an administrator, as a service account would. The server stops when its standard input closes, so it never
// outlives the JVM that started it.
"use strict";
const { StorageEmulator } = require("firebase-tools/lib/emulator/storage");
const { createApp } = require("firebase-tools/lib/emulator/storage/server");
const { EmulatorRegistry } = require("firebase-tools/lib/emulator/registry");

async function main() {
  const emulator = new StorageEmulator({ projectId: "demo-hibiki", host: "127.0.0.1", port: 0, auto_download: false });
  const app = await createApp("demo-hibiki", emulator);
  const server = app.listen(0, "127.0.0.1", () => {
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
