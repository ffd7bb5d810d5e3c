// Signed catalogue bundles: verification with trusted keys, rollback and expiry, typed errors.
// Fixtures come from tests/bundles/make_bundles.rs (written by test.sh into the directory given).
package waystation.test

import java.io.File
import java.time.Duration
import java.time.Instant
import java.time.OffsetDateTime
import java.util.Base64
import waystation.*

private fun t(s: String): Instant = OffsetDateTime.parse(s).toInstant()
private val NOW = t("2026-07-01T10:00:00+08:00")
private val ISSUED = t("2026-06-01T09:00:00+08:00")
private val EXPIRES = t("2026-12-31T00:00:00+08:00")

private fun opts(minVersion: Long = 41, now: Instant = NOW, skew: Duration? = null) =
    VerifyOptions(minVersion = minVersion, now = now, maxClockSkew = skew)

private fun invalidAt(path: String, body: () -> Unit): WaystationException.InvalidInput {
    val e = expect<WaystationException.InvalidInput>(body)
    check(e.path == path) { "path ${e.path} != $path: ${e.detail}" }
    return e
}

fun bundleTests(dir: File) {
    val bundle = { name: String -> File(dir, name).readBytes() }
    val key by lazy { trustedKeyFromText(File(dir, "bank-2026a.pub").readText()) }
    val previous by lazy { trustedKeyFromText(File(dir, "bank-2025b.pub").readText()) }

    test("bundle: verified, the catalogue inside is usable") {
        check(key.keyId == "bank-2026a" && Base64.getDecoder().decode(key.publicKey).size == 32)
        val v = verifyBundle(bundle("catalogue.wsb"), listOf(key), opts())
        check(v.metadata.keyId == "bank-2026a" && v.metadata.version == 42L && v.metadata.payloadFormat == PayloadFormat.CATALOGUE_JSON)
        check(v.metadata.issuedAt == ISSUED && v.metadata.expiresAt == EXPIRES)
        v.catalogue.use { cat -> check(cat.isSample() && cat.stations().size == 38) }
        check(verifyBundle(bundle("catalogue.wsb"), listOf(key), opts(minVersion = 42)).metadata.version == 42L)
        check(verifyBundle(bundle("rotated.wsb"), listOf(key, previous), opts()).metadata.keyId == "bank-2025b")
    }

    test("bundle: rollback, expiry, issued in the future, clock skew") {
        val b = bundle("catalogue.wsb")
        invalidAt("bundle.version") { verifyBundle(b, listOf(key), opts(minVersion = 43)) }
        invalidAt("bundle.expires_at") { verifyBundle(b, listOf(key), opts(now = EXPIRES)) }
        invalidAt("bundle.issued_at") { verifyBundle(b, listOf(key), opts(now = t("2026-05-01T00:00:00+08:00"))) }
        val early = ISSUED.minusSeconds(200)
        check(verifyBundle(b, listOf(key), opts(now = early)).metadata.version == 42L)
        invalidAt("bundle.issued_at") { verifyBundle(b, listOf(key), opts(now = early, skew = Duration.ofSeconds(100))) }
    }

    test("bundle: tampered, truncated, foreign key, invalid catalogue") {
        val b = bundle("catalogue.wsb")
        val tampered = b.copyOf().also { it[it.size / 2] = (it[it.size / 2].toInt() xor 1).toByte() }
        invalidAt("bundle.signature") { verifyBundle(tampered, listOf(key), opts()) }
        invalidAt("bundle.signature") { verifyBundle(b, listOf(TrustedKey(keyId = "bank-2026a", publicKey = previous.publicKey)), opts()) }
        invalidAt("bundle") { verifyBundle(b.copyOf(100), listOf(key), opts()) }
        invalidAt("bundle") { verifyBundle(ByteArray(0), listOf(key), opts()) }
        val foreign = expect<WaystationException.NotFound> { verifyBundle(bundle("foreign.wsb"), listOf(key), opts()) }
        check(foreign.kind == "trusted_key" && foreign.id == "someone-else")
        val bad = expect<WaystationException.InvalidInput> { verifyBundle(bundle("invalid.wsb"), listOf(key), opts()) }
        check(bad.path.startsWith("bundle.payload") && bad.problems.isNotEmpty()) { bad.path }
    }

    test("bundle: malformed trusted keys name their position") {
        val b = bundle("catalogue.wsb")
        invalidAt("trusted_keys[0]") { verifyBundle(b, listOf(TrustedKey("k", "not base64!")), opts()) }
        invalidAt("trusted_keys[1]") { verifyBundle(b, listOf(key, key), opts()) }
        invalidAt("trusted_keys[1]") { verifyBundle(b, listOf(key, TrustedKey("bad id", key.publicKey)), opts()) }
        expect<WaystationException.InvalidInput> { trustedKeyFromText("type: something-else\nkey_id: k\npublic_key: x\n") }
    }
}
