// Runs sora-js-sdk's own Playwright config with the system's Chromium (never a downloaded browser), its Chromium
// project only, from a folder next to the checked-out repository ("sdk"). Used by run.sh.
import base from "./sdk/playwright.config";

const repo = process.env.SORA_E2E_REPO ?? `${__dirname}/sdk`;
const chromium = base.projects!.find((p) => p.name === "Chromium")!;

export default {
  ...base,
  // paths in the base config are relative to its own folder, not this one
  testDir: `${repo}/e2e-tests/tests`,
  outputDir: `${repo}/../test-results`,
  retries: Number(process.env.PW_RETRIES ?? 0),
  use: {
    ...base.use,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        ...(base.use?.launchOptions?.args ?? []),
        "--no-sandbox",
        "--disable-gpu",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
      ],
    },
  },
  projects: [chromium],
  webServer: { ...base.webServer, cwd: repo },
};
