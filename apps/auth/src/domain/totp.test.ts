import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode } from "./base32.js";
import { hotp, matchTotp, newTotpSecret, otpauthUrl, totpAt, totpStep } from "./totp.js";

// RFC 6238 appendix B, SHA-1 rows: the key is the ASCII string "12345678901234567890".
const rfcKey = Buffer.from("12345678901234567890", "ascii");
const rfcSecret = base32Encode(rfcKey);
const at = (seconds: number) => new Date(seconds * 1000);

describe("base32", () => {
  it("matches the RFC 4648 test vectors (unpadded)", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded)?.toString()).toBe(plain);
    }
  });

  it("decodes padded, lower-case and spaced input, and refuses foreign characters", () => {
    expect(base32Decode("mzxw 6ytb oi======")?.toString()).toBe("foobar");
    expect(base32Decode("MZXW1")).toBeUndefined();
  });

  it("round-trips the RFC 6238 key", () => {
    expect(rfcSecret).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(base32Decode(rfcSecret)).toEqual(rfcKey);
  });
});

describe("TOTP (RFC 6238, SHA-1)", () => {
  it("reproduces the RFC's 8-digit known answers", () => {
    expect(hotp(rfcKey, totpStep(at(59)), 8)).toBe("94287082");
    expect(hotp(rfcKey, totpStep(at(1111111109)), 8)).toBe("07081804");
    expect(hotp(rfcKey, totpStep(at(1234567890)), 8)).toBe("89005924");
  });

  it("gives their last 6 digits as 6-digit codes", () => {
    expect(totpAt(rfcKey, at(59))).toBe("287082");
    expect(totpAt(rfcKey, at(1111111109))).toBe("081804");
    expect(totpAt(rfcKey, at(1234567890))).toBe("005924");
  });

  it("accepts the previous, current and next step only", () => {
    const now = at(1234567890); // step 41152263, 0 s into it
    const step = totpStep(now);
    expect(matchTotp(rfcSecret, hotp(rfcKey, step), now)).toBe(step);
    expect(matchTotp(rfcSecret, hotp(rfcKey, step - 1), now)).toBe(step - 1);
    expect(matchTotp(rfcSecret, hotp(rfcKey, step + 1), now)).toBe(step + 1);
    expect(matchTotp(rfcSecret, hotp(rfcKey, step - 2), now)).toBeUndefined();
    expect(matchTotp(rfcSecret, hotp(rfcKey, step + 2), now)).toBeUndefined();
  });

  it("refuses a code of a step already used, and malformed codes", () => {
    const now = at(1234567890);
    const step = totpStep(now);
    expect(matchTotp(rfcSecret, "005924", now, step)).toBeUndefined();
    expect(matchTotp(rfcSecret, "005924", now, step - 1)).toBe(step);
    expect(matchTotp(rfcSecret, "5924", now)).toBeUndefined();
    expect(matchTotp(rfcSecret, "00592a", now)).toBeUndefined();
    expect(matchTotp(rfcSecret, "89005924", now)).toBeUndefined();
    expect(matchTotp("not base32!", "005924", now)).toBeUndefined();
  });

  it("makes 160-bit secrets and the Key URI authenticator apps scan", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(newTotpSecret()).not.toBe(secret);
    expect(otpauthUrl("ada@acme.test", "ABC234")).toBe(
      "otpauth://totp/AgentGovernance:ada@acme.test?secret=ABC234&issuer=AgentGovernance",
    );
    expect(otpauthUrl("a+b c@acme.test", "ABC234")).toBe(
      "otpauth://totp/AgentGovernance:a%2Bb%20c@acme.test?secret=ABC234&issuer=AgentGovernance",
    );
  });
});
