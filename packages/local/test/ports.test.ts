import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { ephemeralRange, findFreePort, portsOutside } from "../src/ports";

describe("findFreePort", () => {
  it("hands out free ports outside the ephemeral range, where no outgoing connection can take them before they are bound", async () => {
    const [lo, hi] = ephemeralRange();
    for (let i = 0; i < 30; i++) {
      const port = await findFreePort();
      expect(port < lo || port > hi, `${port} is outside ${lo}-${hi}`).toBe(true);
      expect(port).toBeGreaterThanOrEqual(10000);
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen({ port, exclusive: true }, resolve));
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("reads the range Linux uses", () => {
    const proc = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    expect(ephemeralRange()).toEqual(proc);
  });

  it("takes the unprivileged ports below and above the range", () => {
    expect(portsOutside([32768, 60999])).toEqual([
      [10000, 32767],
      [61000, 65535],
    ]);
    expect(portsOutside([49152, 65535])).toEqual([[10000, 49151]]);
    expect(portsOutside([1024, 20000])).toEqual([[20001, 65535]]);
    expect(() => portsOutside([1024, 65535])).toThrow(/leaves no port/);
  });
});
