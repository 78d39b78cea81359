import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { LocalRuntimeError } from "./errors.js";

export function portInUse(port: number, envName: string, likelyHolder: string): LocalRuntimeError {
  return new LocalRuntimeError(`Port ${port} is already in use (${likelyHolder}): stop that program or set ${envName} to a free port.`);
}

/**
 * Refuses a port someone already listens on, in one sentence naming the
 * variable that moves it. No host: Node binds [::] (dual stack), like
 * DynamoDB Local's Jetty, so this also collides with programs on 127.0.0.1
 * or 0.0.0.0 only.
 */
export async function checkPortFree(port: number, envName: string, likelyHolder: string): Promise<void> {
  const err = await listenError(port);
  if (!err) return;
  if (err.code === "EADDRINUSE") throw portInUse(port, envName, likelyHolder);
  if (err.code === "EACCES") throw new LocalRuntimeError(`Port ${port} needs special privileges: set ${envName} to a free port above 1023.`);
  throw err;
}

/** Why listening on `port` (exclusively, then closing at once) fails, or undefined when it works. */
function listenError(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", resolve);
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/**
 * A port nobody listens on right now, outside the OS's ephemeral range.
 * A port the OS hands out for `listen(0)` comes from the same range as the
 * local ports of outgoing connections: between asking and binding, any
 * connection on the machine (this process's own, to DynamoDB Local or the
 * engine, while it starts) may take it, and the listen fails EADDRINUSE.
 */
export async function findFreePort(): Promise<number> {
  const ranges = portsOutside(ephemeralRange());
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = randomPortIn(ranges);
    if (!(await listenError(port))) return port;
  }
  throw new Error("No free port found outside the ephemeral range after 50 tries.");
}

function randomPortIn(ranges: [number, number][]): number {
  let k = Math.floor(Math.random() * ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0));
  for (const [lo, hi] of ranges) {
    if (k <= hi - lo) return lo + k;
    k -= hi - lo + 1;
  }
  throw new Error("unreachable: k is below the ranges' total size");
}

/** Linux's `ip_local_port_range`; elsewhere the IANA range macOS and Windows use. */
export function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (lo! > 0 && hi! >= lo!) return [lo!, hi!];
  } catch {
    /* not Linux */
  }
  return [49152, 65535];
}

/** Unprivileged ports from 10000 up that are not in `[lo, hi]`. */
export function portsOutside([lo, hi]: [number, number]): [number, number][] {
  const ranges: [number, number][] = [];
  if (lo > 10000) ranges.push([10000, lo - 1]);
  if (hi < 65535) ranges.push([Math.max(10000, hi + 1), 65535]);
  if (ranges.length === 0) throw new Error(`The ephemeral port range ${lo}-${hi} leaves no port from 10000 up.`);
  return ranges;
}
