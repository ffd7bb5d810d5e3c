// Kotlin suite of the uniffi binding, run on the JVM with JNA: the same scenarios as the Python
// suite, object lifetimes with `use {}`, exceptions by type, java.time types, and the shared
// conformance cases. Prints one line per test and "N passed, N failed".
package waystation.test

import java.io.File
import java.time.Instant
import java.time.LocalDate
import java.time.OffsetDateTime
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import waystation.*

private var passed = 0
private var failed = 0

internal fun test(name: String, body: () -> Unit) {
    try {
        body(); passed++; println("ok   $name")
    } catch (t: Throwable) {
        failed++; println("FAIL $name: $t")
    }
}

internal fun check(cond: Boolean, what: () -> String = { "check failed" }) { if (!cond) throw AssertionError(what()) }

internal inline fun <reified E : Throwable> expect(body: () -> Unit): E {
    try { body() } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing thrown")
}

private val AT: Instant = OffsetDateTime.parse("2026-06-10T10:00:00+08:00").toInstant()
private val HERE = Coordinate(lat = 36.6512, lon = 117.1201, datum = Datum.GCJ02)
private val PROFILE = CourierProfile(
    residentId = "110105199003071239",
    occupation = Occupation.EXPRESS_COURIER,
    kycLevel = KycLevel.BASIC,
    heldProducts = listOf(),
    needs = listOf(Need.PAY),
)

fun main(args: Array<String>) {
    val conformanceDir = File(args.getOrElse(0) { "tests/conformance" })

    test("loading: sample, JSON round trip, object lifetime with use {}") {
        Catalogue.sample().use { c ->
            check(c.isSample() && c.stations().size == 38 && c.outlets().size == 42)
            check(c.network().id == "icbc-station")
            Catalogue.fromJson(c.toJson()).use { again -> check(again.version() == c.version()) }
            check(c.toGeojson().contains("FeatureCollection"))
        }
    }

    test("loading: the compact golden file gives the JSON-loaded sample's answers") {
        val golden = File(conformanceDir.parentFile, "compact/sample.wscat").readBytes()
        Catalogue.sample().use { json ->
            Catalogue.fromCompact(golden).use { compact ->
                check(compact.version() == json.version() && compact.stations().size == 38)
                check(compact.toCompact().contentEquals(golden)) { "toCompact differs from the golden file" }
                val q = NearbyQuery(position = HERE, at = AT, needs = listOf("charging", "drinking_water"), limit = 3)
                val a = compact.nearby(q)
                check(a.isNotEmpty() && a == json.nearby(q)) { a.toString() }
            }
        }
        val bad = golden.copyOf().also { it[8] = 99 } // a format version from the future
        expect<WaystationException.Unsupported> { Catalogue.fromCompact(bad) }
        val e = expect<WaystationException.InvalidInput> { Catalogue.fromCompact("not compact".toByteArray()) }
        check(e.path == "header.magic") { e.path }
    }

    test("loading: bad JSON is InvalidInput with a path") {
        val e = expect<WaystationException.InvalidInput> { Catalogue.fromJson("{not json") }
        check(e.path == "catalogue" && e.line == 1 && e.column == 2) { e.toString() }
        val e2 = expect<WaystationException.InvalidInput> {
            Catalogue.fromJson("""{"schema_version": 1, "version": "x", "stations": 3}""")
        }
        check(e2.problems.map { it.path }.containsAll(listOf("catalogue.stations", "catalogue.network"))) { e2.problems.toString() }
        expect<WaystationException.Unsupported> { Catalogue.fromJson("""{"schema_version": 99}""") }
        // every case is a WaystationException, itself a kotlin.Exception
        check(expect<WaystationException> { Catalogue.fromJson("") } is Exception)
    }

    val c = Catalogue.sample()
    val sid = c.stations().first().id

    test("nearby: open stations with services, nearest first, java.time.Instant") {
        val found = c.nearby(NearbyQuery(position = HERE, at = AT, needs = listOf("charging", "drinking_water"), limit = 3))
        check(found.isNotEmpty() && found.size <= 3)
        check(found.zipWithNext().all { (a, b) -> a.distanceM <= b.distanceM })
        check(found.all { it.status.state == OpenState.OPEN && it.location.datum == Datum.GCJ02 })
        val next: Instant? = found.first().status.nextChange?.at
        check(next != null && next.isAfter(AT))
    }

    test("nearby: errors by type") {
        val nf = expect<WaystationException.NotFound> { c.nearby(NearbyQuery(position = HERE, at = AT, needs = listOf("teleport"))) }
        check(nf.kind == "service" && nf.id == "teleport")
        check(nf.messageKey == "error.not_found.service" && nf.userMessage.zh == "没有这项服务") { nf.userMessage.toString() }
        expect<WaystationException.LimitExceeded> { c.nearby(NearbyQuery(position = HERE, at = AT, limit = 1000)) }
        val bad = expect<WaystationException.InvalidInput> {
            c.nearby(NearbyQuery(position = Coordinate(91.0, 117.0, Datum.WGS84), at = AT))
        }
        check(bad.path == "query.position.lat") { bad.path }
        expect<WaystationException.InvalidInput> { c.nearby(NearbyQuery(position = Coordinate(Double.NaN, 117.0, Datum.WGS84), at = AT)) }
    }

    test("status, details, services, hours") {
        val status = c.stationStatus(sid, AT)
        check(status.state != OpenState.UNKNOWN)
        val d = c.stationDetails(sid, AT)
        check(d.station.id == sid && d.status == status && d.branches.last().level == BranchLevel.PROVINCIAL)
        check(c.servicesAt(sid, AT).map { it.code } == d.servicesNow.map { it.code })
        val periods = c.hoursOn(sid, LocalDate.of(2026, 6, 10))
        check(periods.isNotEmpty() && periods.all { it.open.isBefore(it.close) })
        val night = OffsetDateTime.parse("2026-10-05T22:00:00+08:00").toInstant()
        check(c.describeStationStatus("st-jinan-07", night, Lang.ZH_CN) == "国庆节假期，休息中，10月8日 08:30 开门")
        val holiday = c.stationStatus("st-jinan-07", night)
        check(holiday.specialDay?.kind == DayKind.PUBLIC_HOLIDAY && holiday.specialDay?.name?.en == "National Day")
        check(describeStatus(holiday, night, Lang.EN) == "National Day holiday · Closed now, opens at 08:30 on 8 Oct") { describeStatus(holiday, night, Lang.EN) }
        check(status.specialDay == null)
        val nf = expect<WaystationException.NotFound> { c.stationStatus("nope", AT) }
        check(nf.kind == "station" && nf.id == "nope")
        expect<WaystationException.NotFound> { c.stationsInBranch("nope") }
    }

    test("calendar: day kinds, holidays, unknown year") {
        check(c.calendarYears() == listOf(2025, 2026))
        check(c.dayKind(LocalDate.of(2026, 2, 14)) == DayKind.MAKEUP_WORKDAY)
        check(c.holidayOn(LocalDate.of(2026, 10, 1))?.daysOff?.contains(LocalDate.of(2026, 10, 1)) == true)
        check(c.holidayOn(LocalDate.of(2026, 6, 10)) == null)
        val e = expect<WaystationException.CalendarUnknown> { c.dayKind(LocalDate.of(2031, 1, 5)) }
        check(e.year == 2031)
        check(e.messageKey == "error.calendar_unknown" && e.userMessage.zh == "暂时没有2031年的节假日安排，无法确定那天的营业时间") { e.userMessage.toString() }
        check(e.userMessage.en.startsWith("The 2031 holiday schedule")) { e.userMessage.en }
        val h = expect<WaystationException.CalendarUnknown> { c.hoursOn(sid, LocalDate.of(2031, 10, 1)) }
        check(h.year == 2031)
        val s = c.openingHoursStatus("Mo-Fr 09:00-17:00", AT)
        check(s.open && s.nextChange?.at == OffsetDateTime.parse("2026-06-10T17:00:00+08:00").toInstant())
        expect<WaystationException.InvalidInput> { c.openingHoursStatus("Mo-Fr 25:00-99:00", AT) }
    }

    test("rollout") {
        val r = c.rollout(LocalDate.of(2026, 6, 1), "little_bee")
        check(r.asOf == LocalDate.of(2026, 6, 1) && r.total.outlets == 42)
        check(r.branches.sumOf { it.outlets.toInt() } == 42)
        expect<WaystationException.NotFound> { c.rollout(LocalDate.of(2026, 6, 1), "nope") }
    }

    test("datum conversion and distance") {
        val wgs = convertCoordinate(HERE, Datum.WGS84)
        check(wgs.datum == Datum.WGS84 && wgs != HERE)
        val back = convertCoordinate(wgs, Datum.GCJ02)
        check(Math.abs(back.lat - HERE.lat) < 1e-5 && Math.abs(back.lon - HERE.lon) < 1e-5)
        check(distanceM(HERE, wgs) < 1e-3)
        check(inMainlandChina(36.65, 117.12) && !inMainlandChina(22.3, 114.17))
        val e = expect<WaystationException.InvalidInput> { convertCoordinate(Coordinate(0.0, 500.0, Datum.WGS84), Datum.GCJ02) }
        check(e.path == "coordinate.lon") { e.path }
    }

    test("ID and credit code validation and masking") {
        val id = validateResidentId("11010519491231002x")
        check(id.masked == "1101**********002X" && id.birthDate == LocalDate.of(1949, 12, 31) && id.sex == Sex.FEMALE)
        val e = expect<WaystationException.InvalidInput> { validateResidentId("110105194912310021") }
        check(e.path == "resident_id" && !e.toString().contains("1101051949") && e.detail.isNotEmpty())
        check(e.messageKey == "error.invalid_field" && e.userMessage.zh == "身份证号码有误，请检查后重试") { e.userMessage.toString() }
        val code = validateCreditCode("91370100MA3C0BDH5X", CreditCodeMode.LENIENT)
        check(code.masked == "9137**********DH5X" && !code.checksumValid && code.province == Province.SHANDONG)
        check(code.warnings == listOf(IdentityWarning.CREDIT_CODE_CHECKSUM_IGNORED))
        check(validateCreditCode("91370100MA3C7K1P71", CreditCodeMode.STRICT).checksumValid)
        check(id.province == Province.BEIJING && !id.upgradedFromLegacy)
        check(expect<WaystationException.InvalidInput> { validateCreditCode("123", CreditCodeMode.STRICT) }.path == "credit_code")
        check(mask("37010219900307123X", 4, 4) == "3701**********123X")
        // A printed profile (toString, string templates, logs) masks its personal data.
        val printed = "${CourierProfile(residentId = "370102199506122017", employerCode = "91370102MA3C4U7K58", monthlyIncomeFen = 680000L)}"
        check(!printed.contains("199506122") && !printed.contains("02MA3C4U") && !printed.contains("680000")) { printed }
        check(printed.contains("3701**********2017")) { printed }
    }

    test("eligibility with reasons and earliest date; matching") {
        val m = c.matchProducts(PROFILE, AT, MatchOptions())
        check(m.recommended.first().productId == "courier_debit_card" && m.stamp.asOf == AT)
        check(!c.matchProducts(PROFILE, AT, MatchOptions(personalised = false)).personalised)
        val young = CourierProfile(residentId = "110105201006150012", occupation = Occupation.EXPRESS_COURIER,
            kycLevel = KycLevel.BASIC, heldProducts = listOf())
        val d = c.checkProduct("courier_debit_card", young, AT)
        check(d.status == Eligibility.INELIGIBLE && d.eligibleOn == LocalDate.of(2026, 6, 15))
        check(d.rules.flatMap { it.criteria }.any { it.reason == ReasonCode.AGE_BELOW_MINIMUM })
        check(c.checkProduct("courier_debit_card", CourierProfile(), AT).missingInputs.contains(ProfileField.RESIDENT_ID))
        val nf = expect<WaystationException.NotFound> { c.checkProduct("nope", PROFILE, AT) }
        check(nf.kind == "product" && nf.id == "nope")
        val bad = expect<WaystationException.InvalidInput> { c.checkProduct("courier_debit_card", CourierProfile(residentId = "123"), AT) }
        check(bad.path == "profile.resident_id" && bad.problems.map { it.path } == listOf("profile.resident_id")) { bad.toString() }
    }

    test("product catalogue: from the catalogue, standalone, lookups, rule-set checks") {
        c.products().use { products ->
            check(products.product("courier_debit_card")?.kind == ProductKind.DEBIT_CARD)
            check(products.product("nope") == null)
            check(products.validate().none { it.severity == Severity.ERROR })
            ProductCatalogue.sample().use { check(it.version() == products.version()) }
        }
        val e = expect<WaystationException.InvalidInput> { ProductCatalogue.fromJson("""{"version": "1", "rule_sets": [], "products": [{"id": 7}]}""") }
        check(e.path.startsWith("products[0]")) { e.path }
        check(c.checkRuleSet("""{"id": "x"""").first().code == IssueCode.INVALID_JSON)
    }

    programmeTests(c)
    bundleTests(File(args.getOrElse(1) { "target/uniffi-bindings/bundles" }))

    test("threads share one catalogue") {
        val pool = Executors.newFixedThreadPool(4)
        val results = (1..8).map { pool.submit<List<String>> { c.nearby(NearbyQuery(position = HERE, at = AT, limit = 5)).map { it.stationId } } }
            .map { it.get() }
        pool.shutdown(); pool.awaitTermination(10, TimeUnit.SECONDS)
        check(results.all { it == results.first() } && results.first().isNotEmpty())
    }

    test("every op of the request API has a typed export (bindings/parity.json)") {
        val table = File(conformanceDir.parentFile.parentFile, "bindings/parity.json").readText()
        @Suppress("UNCHECKED_CAST")
        val ops = (JsonReader(table).read() as Map<String, Any?>)["ops"] as Map<String, Map<String, Any?>>
        check(ops.size >= 20) { "${ops.size} ops" }
        val camel = { s: String -> s.split('_').mapIndexed { i, p -> if (i == 0) p else p.replaceFirstChar { it.uppercase() } }.joinToString("") }
        val methods = Catalogue::class.java.methods.map { it.name }.toSet() +
            Catalogue.Companion::class.java.methods.map { it.name }
        val functions = Class.forName("waystation.WaystationKt").methods.map { it.name }.toSet()
        // A function taking an unsigned (inline class) argument has a mangled JVM name: `name-xyz`.
        val has = { names: Set<String>, n: String -> n in names || names.any { it.startsWith("$n-") } }
        val missing = ops.mapNotNull { (op, names) ->
            val name = names["uniffi"] as String
            val found = if (name.startsWith("Catalogue.")) has(methods, camel(name.removePrefix("Catalogue.")))
                        else has(functions, camel(name))
            if (found) null else "$op: $name"
        }
        check(missing.isEmpty()) { missing.joinToString() }
    }

    val files = conformanceDir.listFiles { f -> f.name.endsWith(".json") }?.sortedBy { it.name } ?: listOf()
    test("conformance files found") { check(files.size >= 4) { "no conformance files in $conformanceDir" } }
    for (file in files) {
        @Suppress("UNCHECKED_CAST")
        val cases = (JsonReader(file.readText()).read() as Map<String, Any?>)["cases"] as List<Map<String, Any?>>
        for (case in cases) {
            test("conformance ${file.nameWithoutExtension}/${case["name"]}") {
                val answer = JsonReader(c.respond(toJson(case["request"]))).read()
                val diff = jsonDifference(answer, case["expected"])
                check(diff == null) { diff ?: "" }
            }
        }
    }

    // The same cases through the typed API (TypedConformance.kt).
    typedConformance(c, files)

    c.destroy()
    test("a destroyed object refuses calls instead of crashing") {
        expect<IllegalStateException> { c.version() }
    }

    println("$passed passed, $failed failed")
    if (failed > 0) System.exit(1)
}
