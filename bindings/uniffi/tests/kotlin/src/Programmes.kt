// Programmes through the binding: Little Bee gear claims, education events, ambassadors.
package waystation.test

import java.time.Instant
import java.time.LocalDate
import java.time.OffsetDateTime
import waystation.*

private fun t(s: String): Instant = OffsetDateTime.parse(s).toInstant()
private val JULY = t("2026-07-01T10:00:00+08:00")
private val MEMBER = CourierProfile(
    residentId = "370102199506122017",
    occupation = Occupation.EXPRESS_COURIER,
    employerCode = "91370100MA3C7K1P71",
    employmentStart = LocalDate.of(2025, 9, 1),
    kycLevel = KycLevel.BASIC,
)

private fun failed(checks: List<ProgrammeCheck>) = checks.filter { it.passed == false }.map { it.code }

fun programmeTests(c: Catalogue) {
    test("programmes: what the sample runs") {
        val p = c.programmes()
        check(p.gearClaims?.period == ClaimPeriod.Season(season = "gear_season") && p.gearClaims?.perPeriod == 1)
        check(p.ambassador?.ruleSet == "consumer_protection_ambassador")
        check(p.events.first().id == "edu-2026-11-jinan-01" && p.events.first().registrationClosesAt == null)
    }

    test("gear claim: approved once per season, with the period as a DateRange") {
        val d = c.checkGearClaim("st-jinan-01", "sun_hat", MEMBER, listOf(), JULY)
        check(d.status == ProgrammeStatus.APPROVED) { d.toString() }
        check(d.period == DateRange(first = LocalDate.of(2026, 4, 1), last = LocalDate.of(2026, 10, 31)))
        check(d.stock > 0 && d.nextClaimFrom == null && d.checks.all { it.passed == true })
        check(d.checks.map { it.code } == listOf(CheckCode.ELIGIBLE, CheckCode.STATION_SERVING, CheckCode.STATION_OPEN,
            CheckCode.IN_STOCK, CheckCode.IN_CLAIM_PERIOD, CheckCode.WITHIN_ALLOWANCE))
        check(d.eligibility.status == Eligibility.ELIGIBLE)
        val history = listOf(GearClaim(gearCode = "sun_hat", stationId = "st-qingdao-01", claimedAt = t("2026-05-02T09:00:00+08:00")))
        val again = c.checkGearClaim("st-jinan-01", "sun_hat", MEMBER, history, JULY)
        check(again.status == ProgrammeStatus.REJECTED && failed(again.checks) == listOf(CheckCode.WITHIN_ALLOWANCE))
        check(again.nextClaimFrom == LocalDate.of(2027, 4, 1))
        check(c.checkGearClaim("st-jinan-01", "ice_sleeves", MEMBER, history, JULY).status == ProgrammeStatus.APPROVED)
    }

    test("gear claim: season, theme, hours, unknown eligibility") {
        val nov = c.checkGearClaim("st-jinan-01", "sun_hat", MEMBER, listOf(), t("2026-11-28T10:00:00+08:00"))
        check(failed(nov.checks) == listOf(CheckCode.IN_CLAIM_PERIOD) && nov.period == null)
        check(CheckCode.STATION_SERVING in failed(c.checkGearClaim("st-jinan-05", "sun_hat", MEMBER, listOf(), JULY).checks))
        check(failed(c.checkGearClaim("st-jinan-01", "sun_hat", MEMBER, listOf(), t("2026-07-01T23:00:00+08:00")).checks) == listOf(CheckCode.STATION_OPEN))
        val anon = c.checkGearClaim("st-jinan-01", "sun_hat", CourierProfile(occupation = Occupation.EXPRESS_COURIER), listOf(), JULY)
        check(anon.status == ProgrammeStatus.UNKNOWN && anon.checks.first().passed == null && anon.eligibility.missingInputs.isNotEmpty())
    }

    test("gear claim: errors by type") {
        val notGear = expect<WaystationException.NotFound> { c.checkGearClaim("st-jinan-01", "charging", MEMBER, listOf(), JULY) }
        check(notGear.kind == "service" && notGear.id == "charging")
        check(expect<WaystationException.NotFound> { c.checkGearClaim("nope", "sun_hat", MEMBER, listOf(), JULY) }.kind == "station")
        val bad = expect<WaystationException.InvalidInput> { c.checkGearClaim("st-jinan-01", "sun_hat", CourierProfile(employerCode = "123"), listOf(), JULY) }
        check(bad.path == "profile.employer_code") { bad.path }
    }

    test("education events and registration") {
        val dec = c.eventsBetween("st-jinan-01", t("2026-12-01T00:00:00+08:00"), t("2027-01-01T00:00:00+08:00"))
        check(dec.map { it.id } == listOf("edu-2026-12-jinan-01") && dec.first().capacity == 30)
        val every = c.eventsBetween(null, t("2026-11-01T00:00:00+08:00"), t("2027-02-01T00:00:00+08:00"))
        check(every.size >= 4 && every.zipWithNext().all { (a, b) -> !a.startsAt.isAfter(b.startsAt) })
        check(expect<WaystationException.NotFound> { c.eventsBetween("st-nowhere", JULY, JULY) }.kind == "station")
        val at = t("2026-12-01T10:00:00+08:00")
        val ev = "edu-2026-12-jinan-01"
        val ok = c.checkEventRegistration(ev, MEMBER, 12, false, at)
        check(ok.status == ProgrammeStatus.APPROVED && ok.seatsLeft == 18 && ok.eligibility == null)
        check(failed(c.checkEventRegistration(ev, MEMBER, 30, false, at).checks) == listOf(CheckCode.SEAT_AVAILABLE))
        check(failed(c.checkEventRegistration(ev, MEMBER, 3, false, t("2026-12-04T18:00:00+08:00")).checks) == listOf(CheckCode.REGISTRATION_OPEN))
        check(failed(c.checkEventRegistration(ev, MEMBER, 3, true, at).checks) == listOf(CheckCode.NOT_YET_REGISTERED))
        check(c.checkEventRegistration("edu-2026-12-qingdao-02", MEMBER, 0, false, at).eligibility != null)
        val nf = expect<WaystationException.NotFound> { c.checkEventRegistration("nope", MEMBER, 0, false, at) }
        check(nf.kind == "event" && nf.id == "nope")
    }

    test("ambassador enrolment with the earliest date") {
        val at = t("2026-11-28T10:00:00+08:00")
        check(c.checkAmbassador(MEMBER, at).status == Eligibility.ELIGIBLE)
        val d = c.checkAmbassador(MEMBER.copy(employmentStart = LocalDate.of(2026, 10, 15)), at)
        check(d.status == Eligibility.INELIGIBLE && d.eligibleOn == LocalDate.of(2027, 1, 15)) { d.eligibleOn.toString() }
        check(expect<WaystationException.InvalidInput> { c.checkAmbassador(CourierProfile(monthlyIncomeFen = -1), at) }.path == "profile.monthly_income_fen")
    }

    test("a catalogue without programmes or products: NotFound by kind") {
        @Suppress("UNCHECKED_CAST")
        val doc = JsonReader(c.toJson()).read() as MutableMap<String, Any?>
        doc.remove("programmes")
        Catalogue.fromJson(toJson(doc)).use { bare ->
            check(bare.programmes().gearClaims == null && bare.programmes().events.isEmpty())
            val e = expect<WaystationException.NotFound> { bare.checkGearClaim("st-jinan-01", "sun_hat", MEMBER, listOf(), JULY) }
            check(e.kind == "programme" && e.id == "gear_claims")
            check(expect<WaystationException.NotFound> { bare.checkAmbassador(MEMBER, JULY) }.id == "ambassador")
        }
        doc.remove("product_catalogue")
        Catalogue.fromJson(toJson(doc)).use { bare ->
            check(expect<WaystationException.NotFound> { bare.checkProduct("courier_debit_card", MEMBER, JULY) }.kind == "product_catalogue")
            check(expect<WaystationException.NotFound> { bare.products() }.kind == "product_catalogue")
        }
    }
}
