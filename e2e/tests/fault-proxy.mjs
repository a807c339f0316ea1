// A fault-injecting HTTP proxy for the end-to-end tests, between Chromium and guichet-server.
//
// Only `POST /api/v1/registrations` gets faults; everything else passes through untouched so the
// app loads. Faults are drawn from a seeded generator, so a failing run can be replayed:
//   refuse         the connection is reset before the request is read;
//   cut_request    the server gets half the body, then both connections are reset;
//   drop_response  the server gets everything and answers (it has committed), the browser
//                  gets a reset instead of the answer;
//   delay          the request reaches the server late (not a failure; counted apart).

import http from "node:http";

export const FAILING_FAULTS = ["refuse", "cut_request", "drop_response"];

/** Mulberry32: small, seeded, good enough to spread faults. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy({
  target, seed = 1, faultRate = 0, delayMs = [50, 400], kinds = [...FAILING_FAULTS, "delay"],
}) {
  const random = generator(seed);
  const upstream = new URL(target);
  const stats = { requests: 0, refuse: 0, cut_request: 0, drop_response: 0, delay: 0, passed: 0, inFlight: 0, maxInFlight: 0 };
  const proxy = { faultRate, hold: null, intercept: null, onForwarded: null, refuseBatch: null, target: upstream };

  const server = http.createServer((request, response) => {
    const faultable = request.method === "POST" && request.url.startsWith("/api/v1/registrations");
    if (!faultable) {
      // A test may answer or hold any other request itself, whoever makes it: the page, its
      // service worker or a dedicated worker (whose requests Playwright's routing may miss).
      Promise.resolve(proxy.intercept?.(request)).then((reply) => {
        if (reply) {
          response.writeHead(reply.status, reply.headers ?? {});
          response.end(reply.body ?? "");
        } else {
          forward(request, response, Buffer.alloc(0), { streamBody: true });
        }
      });
      return;
    }
    stats.requests += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const done = () => { stats.inFlight -= 1; };
    const fault = random() < proxy.faultRate ? pick(random) : "none";
    if (fault === "refuse") {
      stats.refuse += 1;
      done();
      request.socket.destroy();
      return;
    }
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks);
      if (proxy.hold) await proxy.hold(stats.requests);
      const refusal = proxy.refuseBatch?.(JSON.parse(body.toString("utf8")));
      if (refusal) {
        stats.refused_batches = (stats.refused_batches ?? 0) + 1;
        response.writeHead(refusal, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: "refused_by_proxy" }));
        done();
        return;
      }
      if (fault === "cut_request") {
        stats.cut_request += 1;
        const half = body.subarray(0, Math.floor(body.length / 2));
        const partial = http.request(upstreamOptions(request, body.length));
        partial.on("error", () => {});
        partial.write(half, () => {
          partial.destroy();
          request.socket.destroy();
          done();
        });
        return;
      }
      if (fault === "delay") {
        stats.delay += 1;
        const wait = delayMs[0] + random() * (delayMs[1] - delayMs[0]);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      forward(request, response, body, {
        dropResponse: fault === "drop_response",
        onDone: () => {
          if (fault === "drop_response") stats.drop_response += 1;
          else stats.passed += 1;
          done();
        },
      });
    });
  });

  function pick(rand) {
    return kinds[Math.floor(rand() * kinds.length)];
  }

  function upstreamOptions(request, length) {
    const headers = { ...request.headers, host: upstream.host };
    if (length !== undefined) headers["content-length"] = String(length);
    return { hostname: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers };
  }

  function forward(request, response, body, { streamBody = false, dropResponse = false, onDone = () => {} }) {
    const outgoing = http.request(upstreamOptions(request, streamBody ? undefined : body.length), (answer) => {
      const parts = [];
      answer.on("data", (chunk) => parts.push(chunk));
      answer.on("end", () => {
        if (dropResponse) {
          request.socket.destroy();
        } else {
          response.writeHead(answer.statusCode, answer.headers);
          response.end(Buffer.concat(parts));
        }
        onDone();
      });
      answer.on("error", () => { request.socket.destroy(); onDone(); });
    });
    outgoing.on("error", () => {
      // The server is down or reset the connection: the browser sees a network failure.
      request.socket.destroy();
      onDone();
    });
    if (streamBody) {
      request.pipe(outgoing);
    } else {
      outgoing.end(body, () => proxy.onForwarded?.(stats.requests));
    }
  }

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    /** Changes the fault rate from now on. */
    setFaultRate(rate) { proxy.faultRate = rate; },
    /** `intercept(request)` sees every request but the registrations: it returns (or resolves
     *  to) `{ status, headers, body }` to answer instead of the server, or nothing to forward
     *  it; a promise holds the request until it settles. */
    setIntercept(intercept) { proxy.intercept = intercept; },
    /** Answers every request whose path (with its query) `matches` with `reply` instead of the
     *  server; returns `{ count }`, how many it answered so far. */
    answerInstead(matches, reply) {
      const answered = { count: 0 };
      proxy.intercept = (request) => {
        if (!matches(request.url)) return undefined;
        answered.count += 1;
        return reply;
      };
      return answered;
    },
    /** `hold(n)` is awaited before the n-th registrations request is forwarded. */
    setHold(hold) { proxy.hold = hold; },
    /** `refuse(batch)` returns an HTTP status to answer the whole batch with instead of the
     *  server (as a proxy's 413 or an agency's 400 would), or nothing to pass it on. */
    setRefuseBatch(refuse) { proxy.refuseBatch = refuse; },
    /** `callback(n)` runs once the n-th registrations request has been written to the server. */
    setOnForwarded(callback) { proxy.onForwarded = callback; },
    failingFaults() { return FAILING_FAULTS.reduce((sum, kind) => sum + stats[kind], 0); },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
