// Gradle module template for the waystation library (Android Gradle Plugin 8+, Kotlin).
// scripts/mobile-package copies it to target/mobile/android/waystation-module/ with the
// generated Kotlin in src/main/kotlin/waystation/waystation.kt. Fill src/main/jniLibs with the
// NDK builds (NDK r28 or newer links 16 KB-aligned by default), from the repository root:
//   cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 \
//     -o <this module>/src/main/jniLibs build -p waystation-uniffi --profile release-small
// which writes src/main/jniLibs/<abi>/libwaystation_ffi.so. Then in settings.gradle.kts:
//   include(":waystation-module")   and in the app:   implementation(project(":waystation-module"))
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "waystation"
    compileSdk = 35
    defaultConfig {
        minSdk = 21
        consumerProguardFiles("consumer-rules.pro")
    }
    // src/main/jniLibs/<abi>/ is the default location of prebuilt native libraries.
    sourceSets["main"].java.srcDirs("src/main/kotlin")
}

dependencies {
    // The AAR form of JNA carries libjnidispatch.so for each Android ABI.
    implementation("net.java.dev.jna:jna:@JNA_VERSION@@aar")
}
