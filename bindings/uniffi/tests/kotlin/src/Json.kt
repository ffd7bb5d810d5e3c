// A minimal JSON reader and the conformance comparison rule (no JSON library on a bare JVM).
package waystation.test

class JsonReader(private val s: String) {
    private var i = 0
    fun read(): Any? { val v = value(); ws(); require(i == s.length) { "trailing text at $i" }; return v }
    private fun ws() { while (i < s.length && s[i].isWhitespace()) i++ }
    private fun value(): Any? {
        ws()
        return when (val c = s[i]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> { i += 4; true }
            'f' -> { i += 5; false }
            'n' -> { i += 4; null }
            else -> if (c == '-' || c.isDigit()) num() else error("unexpected '$c' at $i")
        }
    }
    private fun obj(): Map<String, Any?> {
        val m = LinkedHashMap<String, Any?>(); i++; ws()
        if (s[i] == '}') { i++; return m }
        while (true) {
            ws(); val k = str(); ws(); require(s[i] == ':'); i++
            m[k] = value(); ws()
            if (s[i] == ',') { i++; continue }
            require(s[i] == '}'); i++; return m
        }
    }
    private fun arr(): List<Any?> {
        val l = ArrayList<Any?>(); i++; ws()
        if (s[i] == ']') { i++; return l }
        while (true) {
            l.add(value()); ws()
            if (s[i] == ',') { i++; continue }
            require(s[i] == ']'); i++; return l
        }
    }
    private fun str(): String {
        val b = StringBuilder(); i++
        while (s[i] != '"') {
            if (s[i] == '\\') {
                i++
                when (val e = s[i]) {
                    'n' -> b.append('\n'); 't' -> b.append('\t'); 'r' -> b.append('\r')
                    'b' -> b.append('\b'); 'f' -> b.append('\u000c')
                    'u' -> { b.append(s.substring(i + 1, i + 5).toInt(16).toChar()); i += 4 }
                    else -> b.append(e)
                }
            } else b.append(s[i])
            i++
        }
        i++; return b.toString()
    }
    private fun num(): Double {
        val start = i
        while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
        return s.substring(start, i).toDouble()
    }
}

/** JSON equality; numbers equal within 1e-7 absolute plus 1e-9 relative. Null when equal. */
fun jsonDifference(actual: Any?, expected: Any?, path: String = "$"): String? = when {
    expected is Double && actual is Double ->
        if (Math.abs(actual - expected) <= 1e-7 + 1e-9 * Math.abs(expected)) null else "$path: $actual != $expected"
    expected is Map<*, *> && actual is Map<*, *> ->
        if (expected.keys != actual.keys) "$path: keys ${actual.keys} != ${expected.keys}"
        else expected.keys.asSequence().mapNotNull { jsonDifference(actual[it], expected[it], "$path.$it") }.firstOrNull()
    expected is List<*> && actual is List<*> ->
        if (expected.size != actual.size) "$path: length ${actual.size} != ${expected.size}"
        else expected.indices.asSequence().mapNotNull { jsonDifference(actual[it], expected[it], "$path[$it]") }.firstOrNull()
    else -> if (actual == expected) null else "$path: $actual != $expected"
}

/** Writes a parsed value back as JSON (for sending a conformance request). */
fun toJson(v: Any?): String = when (v) {
    null -> "null"
    is String -> "\"" + v.flatMap { c ->
        when {
            c == '"' -> listOf('\\', '"'); c == '\\' -> listOf('\\', '\\')
            c < ' ' -> "\\u%04x".format(c.code).toList()
            else -> listOf(c)
        }
    }.joinToString("") + "\""
    is Double -> if (v == Math.floor(v) && Math.abs(v) < 1e15) v.toLong().toString() else v.toString()
    is Boolean -> v.toString()
    is Map<*, *> -> v.entries.joinToString(",", "{", "}") { toJson(it.key) + ":" + toJson(it.value) }
    is List<*> -> v.joinToString(",", "[", "]") { toJson(it) }
    else -> error("not JSON: $v")
}
