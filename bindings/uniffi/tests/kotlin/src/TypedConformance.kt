// The shared conformance cases (tests/conformance/*.json) through the typed Kotlin API, not
// `respond`: each case's request becomes the call an app makes (records built from the request's
// JSON by their constructors' parameter types, with kotlin-reflect; instants read with
// `parseInstant`), the answer is turned back into JSON values by its types and compared with the
// recorded answer; errors by every field but the developer message. So the binding's own
// mappings (camelCase names, enums, instants, dates, records, error fields) are tested on every
// case, as the Node, browser and Python suites do for theirs.
package waystation.test

import java.io.File
import java.time.Instant
import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import kotlin.reflect.KClass
import kotlin.reflect.KParameter
import kotlin.reflect.KType
import kotlin.reflect.full.createType
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor
import waystation.*

/** A request Kotlin's types cannot express (a string for a number, a field no record has). */
class Inexpressible(what: String) : Exception(what)

private fun snake(name: String) = name.replace(Regex("[A-Z]")) { "_" + it.value.lowercase() }

/** The JSON code of an enum constant (`Datum.GCJ02` → `gcj02`, `Lang.ZH_CN` → `zh-CN`). */
fun codeOf(e: Enum<*>): String = if (e.name == "ZH_CN") "zh-CN" else e.name.lowercase()

private fun whole(v: Any?, min: Double, max: Double): Double {
    val d = v as? Double ?: throw Inexpressible("not a number: $v")
    if (d != Math.floor(d) || d < min || d > max) throw Inexpressible("not a whole number in range: $d")
    return d
}

/** The JSON value `v` as an argument of Kotlin type `type`. */
fun typed(type: KType, v: Any?): Any? {
    if (v == null) return if (type.isMarkedNullable) null else throw Inexpressible("null for $type")
    val cls = type.classifier as? KClass<*> ?: throw Inexpressible("type $type")
    return when {
        cls == String::class -> v as? String ?: throw Inexpressible("not a string: $v")
        cls == Int::class -> whole(v, Int.MIN_VALUE.toDouble(), Int.MAX_VALUE.toDouble()).toInt()
        cls == Long::class -> whole(v, -9.007199254740992e15, 9.007199254740992e15).toLong()
        cls == Double::class -> v as? Double ?: throw Inexpressible("not a number: $v")
        cls == Boolean::class -> v as? Boolean ?: throw Inexpressible("not a boolean: $v")
        cls == Instant::class -> parseInstant(v as? String ?: throw Inexpressible("not an instant: $v"))
        cls == LocalDate::class -> try {
            val text = v as? String ?: throw Inexpressible("not a date: $v")
            // Only the text a LocalDate writes back: java.time also reads forms the library's
            // JSON refuses (`+002026-02-14`), which a typed call cannot carry.
            LocalDate.parse(text).also { if (it.toString() != text) throw Inexpressible("not a date: $v") }
        } catch (e: DateTimeParseException) { throw Inexpressible("not a date: $v") }
        cls == List::class -> (v as? List<*> ?: throw Inexpressible("not a list: $v"))
            .map { typed(type.arguments[0].type!!, it) }
        cls == Map::class -> (v as? Map<*, *> ?: throw Inexpressible("not an object: $v"))
            .entries.associate { it.key as String to typed(type.arguments[1].type!!, it.value) }
        cls.java.isEnum -> cls.java.enumConstants.firstOrNull { codeOf(it as Enum<*>) == v }
            ?: throw Inexpressible("no ${cls.simpleName} $v")
        cls.isData -> {
            @Suppress("UNCHECKED_CAST")
            record(cls, v as? Map<String, Any?> ?: throw Inexpressible("not an object: $v"))
        }
        else -> throw Inexpressible("type $cls")
    }
}

/** A record of class `cls` from its JSON object (snake_case keys). */
fun record(cls: KClass<*>, json: Map<String, Any?>): Any {
    val ctor = cls.primaryConstructor ?: throw Inexpressible("no constructor for ${cls.simpleName}")
    val byKey = ctor.parameters.associateBy { snake(it.name!!) }
    json.keys.firstOrNull { it !in byKey }?.let { throw Inexpressible("${cls.simpleName} has no field $it") }
    val args = HashMap<KParameter, Any?>()
    for ((key, p) in byKey) {
        when {
            key in json -> args[p] = typed(p.type, json[key])
            p.isOptional -> {}
            p.type.isMarkedNullable -> args[p] = null
            else -> throw Inexpressible("${cls.simpleName} needs $key")
        }
    }
    return ctor.callBy(args)
}

private val CHINA_TIME: DateTimeFormatter = DateTimeFormatter.ISO_OFFSET_DATE_TIME

/** An answer (record, list, enum, instant, …) as the JSON API writes it: records as objects of
 *  their fields in snake_case, enums as codes, instants in China time, dates as `YYYY-MM-DD`,
 *  numbers as doubles (as the JSON reader gives them). */
fun plain(v: Any?): Any? = when (v) {
    null, is String, is Boolean -> v
    is Double -> v
    is Number -> v.toDouble()
    is Enum<*> -> codeOf(v)
    is Instant -> OffsetDateTime.ofInstant(v, ZoneOffset.ofHours(8)).format(CHINA_TIME)
    is LocalDate -> v.toString()
    is List<*> -> v.map(::plain)
    is ByteArray -> v.map { (it.toInt() and 0xff).toDouble() }
    is Map<*, *> -> v.entries.associate { it.key.toString() to plain(it.value) }
    else -> fields(v)
}

private fun fields(v: Any): Map<String, Any?> {
    val cls = v::class
    val props = cls.memberProperties.associateBy { it.name }
    val ctor = cls.primaryConstructor ?: return emptyMap()
    return ctor.parameters.associate { p -> snake(p.name!!) to plain(props[p.name!!]?.getter?.call(v)) }
}

@Suppress("UNCHECKED_CAST")
private fun obj(r: Map<String, Any?>, key: String) =
    (r[key] ?: mapOf<String, Any?>()) as? Map<String, Any?> ?: throw Inexpressible("not an object at $key")

private fun at(r: Map<String, Any?>, key: String = "at") =
    parseInstant(r[key] as? String ?: throw Inexpressible("no instant at $key"))

private fun date(r: Map<String, Any?>, key: String) = typed(LocalDate::class.typeOf(), r[key]) as LocalDate

private fun KClass<*>.typeOf(nullable: Boolean = false): KType = createType(nullable = nullable)

private inline fun <reified T : Any> build(json: Any?): T =
    typed(T::class.typeOf(), json) as T

private fun profile(r: Map<String, Any?>) = build<CourierProfile>(obj(r, "profile"))

private fun str(r: Map<String, Any?>, key: String) = r[key] as? String ?: throw Inexpressible("$key is not a string")

/** Each op of the request API as the typed call, answering what `respond` answers. */
val TYPED: Map<String, (Catalogue, Map<String, Any?>) -> Any?> = mapOf(
    "catalogue_info" to { c, _ -> c.info() },
    "load_catalogue" to { _, r -> Catalogue.fromJson(toJson(r["catalogue"])).use { it.info() } },
    "nearby" to { c, r -> c.nearby(build<NearbyQuery>(r["query"])) },
    "station_status" to { c, r -> c.stationStatus(str(r, "station_id"), at(r)) },
    "describe_station_status" to { c, r ->
        mapOf(
            "status" to c.stationStatus(str(r, "station_id"), at(r)),
            "text" to c.describeStationStatus(str(r, "station_id"), at(r), typed(Lang::class.typeOf(), r["lang"] ?: "zh-CN") as Lang),
        )
    },
    "station_details" to { c, r ->
        // A station crosses with its opening hours as JSON text (`hoursJson`, see the README).
        @Suppress("UNCHECKED_CAST")
        val details = plain(c.stationDetails(str(r, "station_id"), at(r))) as Map<String, Any?>
        val station = (details["station"] as Map<String, Any?>).toMutableMap()
        station["hours"] = JsonReader(station.remove("hours_json") as String).read()
        details + ("station" to station)
    },
    "services_at" to { c, r -> c.servicesAt(str(r, "station_id"), at(r)).map { it.code } },
    "hours_on" to { c, r -> c.hoursOn(str(r, "station_id"), date(r, "date")) },
    "stations_in_branch" to { c, r -> c.stationsInBranch(str(r, "branch_id")).map { it.id } },
    "rollout" to { c, r -> c.rollout(date(r, "as_of"), str(r, "theme")) },
    "day_kind" to { c, r -> c.dayKind(date(r, "date")) },
    "convert_coordinate" to { _, r ->
        convertCoordinate(build<Coordinate>(r["coordinate"]), typed(Datum::class.typeOf(), r["to"]) as Datum)
    },
    "distance" to { _, r -> distanceM(build<Coordinate>(r["from"]), build<Coordinate>(r["to"])) },
    "parse_opening_hours" to { _, r -> JsonReader(parseOpeningHours(str(r, "osm"))).read() },
    "opening_hours_status" to { c, r ->
        c.openingHoursStatus(r["hours"] as? String ?: toJson(r["hours"]), at(r))
    },
    "validate_resident_id" to { _, r -> validateResidentId(str(r, "resident_id")) },
    "validate_credit_code" to { _, r ->
        validateCreditCode(str(r, "credit_code"), typed(CreditCodeMode::class.typeOf(), r["mode"] ?: "strict") as CreditCodeMode)
    },
    "check_product" to { c, r -> c.checkProduct(str(r, "product_id"), profile(r), at(r, "as_of")) },
    "match_products" to { c, r -> c.matchProducts(profile(r), at(r, "as_of"), build<MatchOptions>(obj(r, "options"))) },
    "check_rule_set" to { c, r -> c.checkRuleSet(toJson(r["rule_set"])) },
    "check_gear_claim" to { c, r ->
        @Suppress("UNCHECKED_CAST")
        val history = (r["history"] as? List<Any?> ?: listOf()).map { build<GearClaim>(it) }
        c.checkGearClaim(str(r, "station_id"), str(r, "gear_code"), profile(r), history, at(r))
    },
    "events_between" to { c, r -> c.eventsBetween(r["station_id"] as String?, at(r, "from"), at(r, "to")) },
    "check_event_registration" to { c, r ->
        c.checkEventRegistration(
            str(r, "event_id"), profile(r), typed(Int::class.typeOf(), r["registered"]) as Int,
            r["already_registered"] as? Boolean ?: false, at(r),
        )
    },
    "check_ambassador" to { c, r -> c.checkAmbassador(profile(r), at(r)) },
)

/** What the typed call of `request` gives, in the shape of a `respond` answer. */
fun typedAnswer(c: Catalogue, request: Map<String, Any?>): Map<String, Any?> = try {
    mapOf("ok" to plain(TYPED.getValue(request["op"] as String)(c, request)))
} catch (e: WaystationException) {
    // Kotlin names the developer message `detail` (Throwable has `message`; see the README).
    val f = fields(e)
    val error = mapOf("code" to snake(e::class.simpleName!!).removePrefix("_")) + (f - "detail") +
        ("message" to f["detail"])
    mapOf("error" to error)
}

/** `got` without the null and empty-list fields that the JSON answer leaves out (the JSON API
 *  omits an absent optional value and some empty lists; a typed record has the field). */
fun withoutAbsentNulls(got: Any?, expected: Any?): Any? = when {
    got is Map<*, *> && expected is Map<*, *> -> got.entries
        .filter { (k, v) -> !((v == null || v == listOf<Any?>()) && k !in expected) }
        .associate { (k, v) -> k to withoutAbsentNulls(v, expected[k]) }
    got is List<*> && expected is List<*> && got.size == expected.size ->
        got.zip(expected).map { (g, e) -> withoutAbsentNulls(g, e) }
    else -> got
}

@Suppress("UNCHECKED_CAST")
private fun withoutMessage(error: Any?) = (error as Map<String, Any?>) - "message"

/** Runs every case of `files` through the typed API of `c`; each is a test. */
fun typedConformance(c: Catalogue, files: List<File>) {
    var ran = 0
    var inexpressible = 0
    for (file in files) {
        @Suppress("UNCHECKED_CAST")
        val cases = (JsonReader(file.readText()).read() as Map<String, Any?>)["cases"] as List<Map<String, Any?>>
        for (case in cases) {
            @Suppress("UNCHECKED_CAST")
            val request = case["request"] as Map<String, Any?>
            @Suppress("UNCHECKED_CAST")
            val expected = case["expected"] as Map<String, Any?>
            val name = "typed conformance ${file.nameWithoutExtension}/${case["name"]}"
            if (request["op"] !in TYPED) {
                // An op the API does not have: the case is the JSON API's error for it.
                test(name) { check((expected["error"] as Map<*, *>?)?.get("path") == "op") { "no typed call" } }
                continue
            }
            val got = try {
                typedAnswer(c, request)
            } catch (e: Inexpressible) {
                // Malformed on purpose (a string for a number, a field that does not exist):
                // Kotlin's types cannot even express it, so there is no typed call to make.
                test(name) {
                    check((expected["error"] as Map<*, *>?)?.get("code") == "invalid_input") { "inexpressible: ${e.message}" }
                }
                inexpressible++
                if (System.getenv("WAYSTATION_SHOW_INEXPRESSIBLE") != null) println("     (not expressible: ${case["name"]}: ${e.message})")
                continue
            }
            ran++
            test(name) {
                val answer = withoutAbsentNulls(got, expected)
                val diff = if ("ok" in expected) jsonDifference(answer, expected)
                else if (answer is Map<*, *> && "error" in answer) jsonDifference(withoutMessage(answer["error"]), withoutMessage(expected["error"]))
                else "expected an error, got $answer"
                check(diff == null) { diff ?: "" }
            }
        }
    }
    test("typed conformance: $ran cases ran, $inexpressible not expressible in Kotlin") {
        check(ran >= 95) { "only $ran cases ran" }
    }
}
