/** The web admin's pure pieces: escaping and highlighting, session cookies, Host and Origin rules. */
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { describe, test } from "node:test";
import { Auth, LoginLimiter, safeEqual } from "../../src/server/auth.js";
import { checkOrigin, hostName, hostPolicy } from "../../src/server/guard.js";
import { escapeHtml, highlightSql } from "../../src/server/highlight.js";
import { isLoopback } from "../../src/server/serve.js";

const request = (headers: Record<string, string>) =>
  ({ headers, socket: {} }) as unknown as IncomingMessage;

describe("highlightSql", () => {
  test("every piece is escaped, whatever its kind", () => {
    const html = highlightSql(
      "-- </pre><script>x</script>\nSELECT '<b>' AS \"<i>\", 1 FROM t; /* <img> */",
    );
    assert.ok(!/<(script|b|i|img)\b/.test(html), html);
    assert.match(
      html,
      /<span class="c">-- &#60;\/pre&#62;&#60;script&#62;x&#60;\/script&#62;<\/span>/,
    );
    assert.match(
      html,
      /<span class="k">SELECT<\/span> <span class="s">&#39;&#60;b&#62;&#39;<\/span>/,
    );
    assert.match(html, /<span class="n">1<\/span>/);
  });

  test("text round-trips: stripping the tags and unescaping gives the SQL back", () => {
    const sql = "CREATE TABLE \"a&b\" (id INT DEFAULT 0, s TEXT DEFAULT 'it''s');\n$$ body $$";
    const text = highlightSql(sql)
      .replace(/<[^>]+>/g, "")
      .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
    assert.equal(text, sql);
    assert.equal(
      escapeHtml(`<a href="x">'&'</a>`),
      "&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;",
    );
  });
});

describe("Auth", () => {
  const auth = new Auth("secret-token");

  test("Bearer token in constant time; a wrong one or none is refused", () => {
    assert.equal(auth.check(request({ authorization: "Bearer secret-token" })), "bearer");
    assert.equal(auth.check(request({ authorization: "Bearer secret-tokem" })), null);
    assert.equal(auth.check(request({})), null);
    assert.equal(new Auth(null).check(request({})), "open");
    assert.ok(safeEqual("a", "a") && !safeEqual("a", "ab"));
  });

  test("a session cookie is signed, expires, and works only with the token that signed it", async () => {
    const set = auth.sessionCookie(false, "/admin");
    const cookie = set.split(";")[0]!;
    assert.ok(!set.includes("secret-token"));
    assert.equal(auth.check(request({ cookie: `other=1; ${cookie}` })), "cookie");
    assert.equal(new Auth("another-token").check(request({ cookie })), null);
    const short = new Auth("secret-token", 1);
    const soon = short.sessionCookie(false, "/").split(";")[0]!;
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(short.check(request({ cookie: soon })), null, "expired");
    assert.equal(auth.check(request({ cookie: "tidemark_session=9999999999999.x.y" })), null);
  });

  test("the login limiter allows 5 failures a minute per client", () => {
    const limiter = new LoginLimiter(5, 60_000);
    for (let i = 0; i < 5; i++) {
      assert.equal(limiter.retryAfter("a"), 0);
      limiter.fail("a");
    }
    assert.ok(limiter.retryAfter("a") > 0);
    assert.equal(limiter.retryAfter("b"), 0, "per client");
    limiter.succeed("a");
    assert.equal(limiter.retryAfter("a"), 0);
  });
});

describe("Host and Origin", () => {
  test("host names without port or brackets; loopback", () => {
    assert.equal(hostName("Example.COM:8080"), "example.com");
    assert.equal(hostName("[::1]:4545"), "::1");
    assert.equal(hostName("127.0.0.1"), "127.0.0.1");
    assert.ok(
      isLoopback("127.0.0.1") &&
        isLoopback("::1") &&
        isLoopback("localhost") &&
        isLoopback("127.1.2.3"),
    );
    assert.ok(!isLoopback("0.0.0.0") && !isLoopback("10.0.0.1"));
  });

  test("Origin must be this server's own; none is accepted from a script, not with a cookie", () => {
    const policy = hostPolicy(["admin.example.com"]);
    const own = { host: "admin.example.com" };
    assert.equal(
      checkOrigin(request({ ...own, origin: "https://admin.example.com" }), "cookie", policy),
      null,
    );
    assert.match(
      String(checkOrigin(request({ ...own, origin: "https://evil.example" }), "cookie", policy)),
      /Cross-origin/,
    );
    assert.match(
      String(checkOrigin(request({ ...own, origin: "null" }), "bearer", policy)),
      /opaque/,
    );
    assert.notEqual(checkOrigin(request(own), "cookie", policy), null);
    assert.equal(checkOrigin(request(own), "bearer", policy), null);
    assert.notEqual(
      checkOrigin(request({ ...own, "sec-fetch-site": "cross-site" }), "bearer", policy),
      null,
    );
  });
});
