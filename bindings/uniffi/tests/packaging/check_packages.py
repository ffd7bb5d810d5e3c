#!/usr/bin/env python3
"""Structural tests of the mobile packages scripts/mobile-package assembles.

iOS: the XCFramework's layout and Info.plist keys, each slice's architectures (read from the
archive and Mach-O headers, independently of the lipo that made them), that the module map
names the header it sits beside and the module the Swift file imports, that Package.swift's binary target points at the XCFramework, and that every FFI
function the generated Swift calls is declared in the header and defined in every architecture
of every slice (llvm-nm).

Android: the AAR's entries (manifest with its package, classes.jar with the generated classes,
consumer ProGuard rules, R.txt), every jni/<abi>/ library's ELF machine, 16 KB alignment and
exported symbols (every function the generated Kotlin binds through JNA), that a glibc-linked
stand-in is labelled as such, the POM's JNA dependency (the AAR type), the Gradle module
template, and that the AAR's classes.jar runs on the JVM against the desktop library.

Then, unless --no-self-test, it breaks copies of the packages in eight ways and checks that each
breakage is reported (a structural test that cannot fail proves nothing).
"""

import argparse
import os
import plistlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

ELF_MACHINE = {"arm64-v8a": 183, "armeabi-v7a": 40, "x86_64": 62, "x86": 3}
FFI_NAME = r"(?:uniffi|ffi)_waystation_ffi_\w+"


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def check(self, ok: bool, what: str) -> bool:
        if not ok:
            self.items.append(what)
        return ok


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def defined_symbols(path: Path, arch: str | None = None, dynamic: bool = False) -> set[str]:
    args = ["llvm-nm", "--defined-only", "--extern-only", "--format=just-symbols"]
    if dynamic:
        args.append("--dynamic")
    if arch:
        args.append(f"--arch={arch}")
    out = run(*args, str(path))
    # Mach-O symbols carry a leading underscore.
    return {s[1:] if s.startswith("_") and arch else s for s in out.split() if not s.endswith(":")}


MACHO_CPU = {0x0100000C: "arm64", 0x01000007: "x86_64"}


def archive_archs(data: bytes) -> list[str]:
    """Architectures of the Mach-O objects in a static library, read from the file itself (not
    with lipo): a universal ("fat") file lists its slices, each a BSD/GNU `ar` archive whose
    members are Mach-O objects."""
    if data[:4] == b"\xca\xfe\xba\xbe":
        n = int.from_bytes(data[4:8], "big")
        archs = []
        for i in range(n):
            entry = data[8 + 20 * i : 28 + 20 * i]
            cpu, offset, size = (int.from_bytes(entry[k : k + 4], "big") for k in (0, 8, 12))
            inner = archive_archs(data[offset : offset + size])
            archs.append(MACHO_CPU.get(cpu, hex(cpu)) if inner == [MACHO_CPU.get(cpu, hex(cpu))] else f"{hex(cpu)}≠{inner}")
        return sorted(archs)
    if data[:8] != b"!<arch>\n":
        return ["not an archive"]
    found = set()
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos : pos + 60]
        name, size = header[:16].decode("ascii", "replace").strip(), int(header[48:58].decode().strip())
        body = data[pos + 60 : pos + 60 + size]
        if name.startswith("#1/"):  # BSD: the name precedes the member's data
            body = body[int(name[3:]) :]
        if body[:4] == b"\xcf\xfa\xed\xfe":  # 64-bit Mach-O, little-endian
            cpu = int.from_bytes(body[4:8], "little")
            found.add(MACHO_CPU.get(cpu, hex(cpu)))
        pos += 60 + size + (size & 1)
    return sorted(found) or ["no Mach-O objects"]


def header_functions(header: str) -> set[str]:
    """Functions the C header declares (not typedefs of callbacks)."""
    return set(re.findall(rf"^\s*[A-Za-z_][\w\s\*]*?\b({FFI_NAME})\s*\(", header, re.M))


def check_ios(mobile: Path, p: Problems) -> None:
    spm = mobile / "ios" / "Waystation"
    xcf = spm / "waystationFFI.xcframework"
    swift_file = spm / "Sources" / "Waystation" / "waystation.swift"
    package = spm / "Package.swift"
    for f in (xcf / "Info.plist", swift_file, package):
        p.check(f.is_file(), f"missing {f.relative_to(mobile)}")
    if p.items:
        return
    swift = swift_file.read_text(encoding="utf-8")
    pkg = package.read_text(encoding="utf-8")
    p.check(
        re.search(r'\.binaryTarget\(\s*name:\s*"waystationFFI",\s*path:\s*"waystationFFI\.xcframework"', pkg) is not None,
        "Package.swift: no binaryTarget waystationFFI at waystationFFI.xcframework",
    )
    p.check('path: "Sources/Waystation"' in pkg, "Package.swift: the Swift target does not use Sources/Waystation")
    imported = set(re.findall(r"^\s*import\s+(\w+)", swift, re.M))
    p.check("waystationFFI" in imported, "waystation.swift does not import waystationFFI")

    with open(xcf / "Info.plist", "rb") as f:
        plist = plistlib.load(f)
    p.check(plist.get("CFBundlePackageType") == "XFWK", "Info.plist: CFBundlePackageType is not XFWK")
    p.check(plist.get("XCFrameworkFormatVersion") == "1.0", "Info.plist: XCFrameworkFormatVersion is not 1.0")
    libs = plist.get("AvailableLibraries", [])
    variants = sorted(lib.get("SupportedPlatformVariant", "device") for lib in libs)
    p.check(variants == ["device", "simulator"], f"Info.plist: libraries for {variants}, not device + simulator")
    called = set(re.findall(rf"\b({FFI_NAME})\s*\(", swift))
    p.check(len(called) > 50, f"waystation.swift calls only {len(called)} FFI functions")
    for lib in libs:
        keys = ("LibraryIdentifier", "LibraryPath", "HeadersPath", "SupportedArchitectures", "SupportedPlatform")
        if not all(p.check(k in lib, f"Info.plist: a library has no {k}") for k in keys):
            continue
        ident = lib["LibraryIdentifier"]
        p.check(lib["SupportedPlatform"] == "ios", f"{ident}: SupportedPlatform is not ios")
        binary = xcf / ident / lib["LibraryPath"]
        headers = xcf / ident / lib["HeadersPath"]
        if not p.check(binary.is_file(), f"{ident}: no {lib['LibraryPath']}"):
            continue
        archs = archive_archs(binary.read_bytes())
        p.check(archs == sorted(lib["SupportedArchitectures"]), f"{ident}: library has {archs}, plist says {lib['SupportedArchitectures']}")
        modulemap = headers / "module.modulemap"
        if not p.check(modulemap.is_file(), f"{ident}: no Headers/module.modulemap"):
            continue
        mm = modulemap.read_text(encoding="utf-8")
        module = re.search(r"\bmodule\s+(\w+)", mm)
        p.check(module is not None and module.group(1) == "waystationFFI", f"{ident}: module map does not declare module waystationFFI")
        named = re.findall(r'\bheader\s+"([^"]+)"', mm)
        if not p.check(len(named) > 0, f"{ident}: module map names no header"):
            continue
        for h in named:
            p.check((headers / h).is_file(), f"{ident}: module map names {h}, which is not in Headers/")
        header = "\n".join((headers / h).read_text(encoding="utf-8") for h in named if (headers / h).is_file())
        declared = header_functions(header)
        for name in sorted(called - declared):
            p.check(False, f"{ident}: waystation.swift calls {name}, not declared in the header")
        for arch in archs:
            defined = defined_symbols(binary, arch=arch)
            missing = sorted(declared - defined)
            p.check(not missing, f"{ident} ({arch}): {len(missing)} header functions not in the library, e.g. {missing[:3]}")


def elf_info(data: bytes) -> tuple[int, int, int]:
    """(e_machine, smallest LOAD alignment, class) of an ELF file."""
    if data[:4] != b"\x7fELF":
        return (-1, 0, 0)
    bits64 = data[4] == 2
    machine = int.from_bytes(data[18:20], "little")
    if bits64:
        phoff = int.from_bytes(data[32:40], "little")
        phentsize = int.from_bytes(data[54:56], "little")
        phnum = int.from_bytes(data[56:58], "little")
    else:
        phoff = int.from_bytes(data[28:32], "little")
        phentsize = int.from_bytes(data[42:44], "little")
        phnum = int.from_bytes(data[44:46], "little")
    aligns = []
    for i in range(phnum):
        ph = data[phoff + i * phentsize : phoff + (i + 1) * phentsize]
        if int.from_bytes(ph[0:4], "little") != 1:  # PT_LOAD
            continue
        align = int.from_bytes(ph[48:56], "little") if bits64 else int.from_bytes(ph[28:32], "little")
        aligns.append(align)
    return (machine, min(aligns) if aligns else 0, 64 if bits64 else 32)


def check_aar(aar: Path, kotlin: str, p: Problems, standin: bool) -> None:
    name = aar.name
    if not p.check(aar.is_file(), f"missing {name}"):
        return
    with zipfile.ZipFile(aar) as z, tempfile.TemporaryDirectory() as t:
        names = set(z.namelist())
        for entry in ("AndroidManifest.xml", "classes.jar", "proguard.txt", "R.txt"):
            p.check(entry in names, f"{name}: no {entry}")
        if "AndroidManifest.xml" in names:
            manifest = ET.fromstring(z.read("AndroidManifest.xml"))
            p.check(manifest.tag == "manifest" and manifest.get("package") == "waystation", f"{name}: manifest has no package waystation")
        if "proguard.txt" in names:
            rules = z.read("proguard.txt").decode()
            p.check("-keep class com.sun.jna.**" in rules and "-keep class waystation.**" in rules, f"{name}: proguard.txt does not keep JNA and waystation classes")
        if "classes.jar" in names:
            jar = Path(t) / "classes.jar"
            jar.write_bytes(z.read("classes.jar"))
            with zipfile.ZipFile(jar) as j:
                classes = set(j.namelist())
            for c in ("waystation/Catalogue.class", "waystation/UniffiLib.class", "waystation/WaystationException.class"):
                p.check(c in classes, f"{name}: classes.jar has no {c}")
        bound = set(re.findall(rf"\bfun\s+({FFI_NAME})\s*\(", kotlin))
        p.check(len(bound) > 50, f"the generated Kotlin binds only {len(bound)} FFI functions")
        libs = sorted(n for n in names if n.startswith("jni/"))
        abis = sorted({n.split("/")[1] for n in libs if n.count("/") >= 2 and n.split("/")[1]})
        if standin:
            p.check(abis == ["arm64-v8a"], f"{name}: stand-in should hold arm64-v8a only, holds {abis}")
            p.check("STANDIN.txt" in names and "NOT FOR ANDROID" in z.read("STANDIN.txt").decode(), f"{name}: stand-in not labelled (STANDIN.txt)")
        for abi in abis:
            entry = f"jni/{abi}/libwaystation_ffi.so"
            if not p.check(abi in ELF_MACHINE and entry in names, f"{name}: jni/{abi}/ is not an Android ABI with libwaystation_ffi.so"):
                continue
            so = Path(t) / f"{abi}.so"
            data = z.read(entry)
            so.write_bytes(data)
            machine, align, bits = elf_info(data)
            p.check(machine == ELF_MACHINE[abi], f"{name}: {entry} is ELF machine {machine}, not {abi}")
            if bits == 64:
                p.check(align >= 16384, f"{name}: {entry} LOAD segments aligned to {align}, not 16 KB")
            needed = run("llvm-readelf", "--dynamic-table", str(so))
            glibc = "libc.so.6" in needed
            p.check(glibc == standin, f"{name}: {entry} {'needs glibc' if glibc else 'is not the glibc stand-in'}")
            exported = defined_symbols(so, dynamic=True)
            missing = sorted(bound - exported)
            p.check(not missing, f"{name}: {entry} lacks {len(missing)} functions the Kotlin binds, e.g. {missing[:3]}")


def check_android(mobile: Path, args: argparse.Namespace, p: Problems) -> None:
    android = mobile / "android"
    kotlin_file = android / "waystation-module" / "src" / "main" / "kotlin" / "waystation" / "waystation.kt"
    if not p.check(kotlin_file.is_file(), "Gradle module has no src/main/kotlin/waystation/waystation.kt"):
        return
    kotlin = kotlin_file.read_text(encoding="utf-8")
    aars = sorted(android.glob("waystation-android-*.aar"))
    p.check(len(aars) == 1, f"expected one waystation-android-*.aar, found {len(aars)}")
    for aar in aars:
        check_aar(aar, kotlin, p, standin=False)
        pom_file = aar.with_suffix(".pom")
        if not p.check(pom_file.is_file(), f"no {pom_file.name} next to {aar.name}"):
            continue
        ns = {"m": "http://maven.apache.org/POM/4.0.0"}
        pom = ET.parse(pom_file).getroot()
        p.check(pom.findtext("m:packaging", namespaces=ns) == "aar", f"{pom_file.name}: packaging is not aar")
        jna = [
            d
            for d in pom.findall("m:dependencies/m:dependency", ns)
            if d.findtext("m:groupId", namespaces=ns) == "net.java.dev.jna" and d.findtext("m:artifactId", namespaces=ns) == "jna"
        ]
        if p.check(len(jna) == 1, f"{pom_file.name}: no JNA dependency"):
            p.check(jna[0].findtext("m:type", namespaces=ns) == "aar", f"{pom_file.name}: JNA is not the AAR (no libjnidispatch.so for Android)")
            p.check(jna[0].findtext("m:version", namespaces=ns) == args.jna_version, f"{pom_file.name}: JNA version is not {args.jna_version}")
    check_aar(android / "STANDIN-linux-glibc-arm64.aar", kotlin, p, standin=True)

    module = android / "waystation-module"
    gradle = (module / "build.gradle.kts").read_text(encoding="utf-8") if (module / "build.gradle.kts").is_file() else ""
    p.check(f'"net.java.dev.jna:jna:{args.jna_version}@aar"' in gradle, "Gradle module: no JNA AAR dependency of the POM's version")
    p.check('namespace = "waystation"' in gradle, "Gradle module: namespace is not waystation")
    p.check("@" + "JNA_VERSION@" not in gradle, "Gradle module: placeholder left in build.gradle.kts")
    p.check((module / "consumer-rules.pro").is_file() and "consumerProguardFiles(\"consumer-rules.pro\")" in gradle, "Gradle module: consumer-rules.pro missing or unused")
    p.check((module / "src" / "main" / "AndroidManifest.xml").is_file(), "Gradle module: no src/main/AndroidManifest.xml")


def check_jvm(mobile: Path, args: argparse.Namespace, p: Problems) -> None:
    """The AAR's classes.jar, on the JVM with JNA, against the desktop library."""
    aars = sorted((mobile / "android").glob("waystation-android-*.aar"))
    if not aars:
        return
    with tempfile.TemporaryDirectory() as t, zipfile.ZipFile(aars[0]) as z:
        tmp = Path(t)
        (tmp / "classes.jar").write_bytes(z.read("classes.jar"))
        src = tmp / "Smoke.java"
        src.write_text(
            """
            import waystation.*;
            public class Smoke {
                public static void main(String[] a) throws Exception {
                    try (Catalogue c = Catalogue.Companion.sample()) {
                        int n = c.stations().size();
                        if (n == 0) throw new AssertionError("no stations");
                        try {
                            c.stationStatus("st-no-such-station", java.time.Instant.now());
                            throw new AssertionError("no error for an unknown station");
                        } catch (WaystationException.NotFound e) {
                            System.out.println("classes.jar on the JVM: " + n + " stations; NotFound " + e.getId());
                        }
                    }
                }
            }
            """,
            encoding="utf-8",
        )
        cp = os.pathsep.join([str(tmp / "classes.jar"), args.kotlin_stdlib, "/usr/share/java/jna.jar"])
        r = subprocess.run(["javac", "-cp", cp, "-d", str(tmp), str(src)], capture_output=True, text=True)
        if not p.check(r.returncode == 0, f"Java smoke test does not compile against classes.jar: {r.stderr[-800:]}"):
            return
        r = subprocess.run(
            ["java", "-cp", os.pathsep.join([str(tmp), cp]), f"-Djna.library.path={args.host_lib_dir}", "Smoke"],
            capture_output=True,
            text=True,
        )
        p.check(r.returncode == 0, f"classes.jar does not run against the desktop library: {(r.stdout + r.stderr)[-800:]}")
        print(r.stdout.strip())


def check_all(mobile: Path, args: argparse.Namespace, jvm: bool = True) -> list[str]:
    p = Problems()
    check_ios(mobile, p)
    check_android(mobile, args, p)
    if jvm:
        check_jvm(mobile, args, p)
    return p.items


def rezip_without(aar: Path, drop: str) -> None:
    with zipfile.ZipFile(aar) as z:
        entries = [(i, z.read(i)) for i in z.infolist() if i.filename != drop]
    with zipfile.ZipFile(aar, "w") as z:
        for info, data in entries:
            z.writestr(info, data)


def self_test(mobile: Path, args: argparse.Namespace) -> list[str]:
    """Each breakage must be reported."""
    xcf = Path("ios/Waystation/waystationFFI.xcframework")

    def modulemap_wrong_header(root: Path) -> None:
        mm = root / xcf / "ios-arm64/Headers/module.modulemap"
        mm.write_text(mm.read_text().replace("waystationFFI.h", "waystation-missing.h"))

    def plist_no_variant(root: Path) -> None:
        with open(root / xcf / "Info.plist", "rb") as f:
            plist = plistlib.load(f)
        for lib in plist["AvailableLibraries"]:
            lib.pop("SupportedPlatformVariant", None)
        with open(root / xcf / "Info.plist", "wb") as f:
            plistlib.dump(plist, f)

    def swift_calls_unknown(root: Path) -> None:
        s = root / "ios/Waystation/Sources/Waystation/waystation.swift"
        s.write_text(s.read_text() + "\nlet _ = uniffi_waystation_ffi_fn_func_not_exported(1)\n")

    def device_lib_from_simulator(root: Path) -> None:
        shutil.copy(root / xcf / "ios-arm64_x86_64-simulator/libwaystation_ffi.a", root / xcf / "ios-arm64/libwaystation_ffi.a")

    def aar_no_manifest(root: Path) -> None:
        for aar in (root / "android").glob("waystation-android-*.aar"):
            rezip_without(aar, "AndroidManifest.xml")

    def standin_unlabelled(root: Path) -> None:
        rezip_without(root / "android/STANDIN-linux-glibc-arm64.aar", "STANDIN.txt")

    def kotlin_binds_unknown(root: Path) -> None:
        k = root / "android/waystation-module/src/main/kotlin/waystation/waystation.kt"
        k.write_text(k.read_text() + "\n// fun uniffi_waystation_ffi_fn_func_not_exported(): Int\n")

    def pom_jar_jna(root: Path) -> None:
        for pom in (root / "android").glob("*.pom"):
            pom.write_text(pom.read_text().replace("<type>aar</type>", ""))

    failures = []
    breakages = [
        modulemap_wrong_header,
        plist_no_variant,
        swift_calls_unknown,
        device_lib_from_simulator,
        aar_no_manifest,
        standin_unlabelled,
        kotlin_binds_unknown,
        pom_jar_jna,
    ]
    for breakage in breakages:
        with tempfile.TemporaryDirectory() as t:
            copy = Path(t) / "mobile"
            shutil.copytree(mobile, copy, ignore=shutil.ignore_patterns("gen"))
            breakage(copy)
            found = check_all(copy, args, jvm=False)
            if found:
                print(f"  self-test {breakage.__name__}: reported ({found[0][:100]})")
            else:
                failures.append(f"self-test: {breakage.__name__} was not reported")
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mobile", type=Path, required=True, help="scripts/mobile-package's output directory")
    ap.add_argument("--jna-version", required=True)
    ap.add_argument("--kotlin-stdlib", required=True)
    ap.add_argument("--host-lib-dir", required=True, help="directory of the desktop libwaystation_ffi.so")
    ap.add_argument("--no-self-test", action="store_true")
    args = ap.parse_args()
    problems = check_all(args.mobile, args)
    if not args.no_self_test and not problems:
        problems += self_test(args.mobile, args)
    for item in problems:
        print("FAIL:", item)
    if problems:
        return 1
    print("packaging structure: ok (XCFramework, Swift package, AAR, stand-in AAR, POM, Gradle module)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
