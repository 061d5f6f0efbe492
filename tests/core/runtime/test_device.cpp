// Tests core/runtime/device: device requests, dtypes, thread setup.
#include "core/common/error.h"
#include "core/runtime/device.h"
#include "nn_test_util.h"

#include <QtTest/QtTest>

#include <fstream>
#include <sstream>
#include <string>

using namespace persona;

class TestDevice : public QObject {
    Q_OBJECT

private slots:
    void resolvesRequests()
    {
        QCOMPARE(runtime::resolveDevice("cpu"), std::string("cpu"));
        QCOMPARE(runtime::resolveDevice("auto"), std::string(runtime::cudaAvailable() ? "cuda:0" : "cpu"));
        QCOMPARE(runtime::resolveDevice(""), runtime::resolveDevice("auto"));
        QCOMPARE(runtime::availableDevices().front(), std::string("cpu"));
        QCOMPARE(runtime::availableDevices().size(), std::size_t(1 + runtime::cudaDeviceCount()));
        for (const char* bad : {"gpu", "cuda:", "cuda:x", "cuda0", "CPU "})
            QVERIFY2(nn_test::throwsNaming<ConfigError>([&] { runtime::resolveDevice(bad); }, {std::string("'") + bad + "'"}), bad);
    }

    void cudaRequestWithoutCuda()
    {
        if (runtime::cudaAvailable()) {
            QCOMPARE(runtime::resolveDevice("cuda"), std::string("cuda:0"));
            QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::resolveDevice("cuda:99"); }, {"cuda:99"}));
            return;
        }
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::resolveDevice("cuda"); }, {"'cuda'", "not available"}));
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { runtime::resolveDevice("cuda:1"); }, {"'cuda:1'"}));
    }

    void dtypes()
    {
        QVERIFY(runtime::parseDType("fp32") == runtime::DType::Float32);
        QVERIFY(runtime::parseDType("BF16") == runtime::DType::BFloat16);
        QCOMPARE(std::string(runtime::dtypeName(runtime::DType::BFloat16)), std::string("bfloat16"));
        QVERIFY(nn_test::throwsNaming<ConfigError>([] { runtime::parseDType("int8"); }, {"'int8'"}));
        // auto: bfloat16 on a GPU and on a CPU that computes it natively, float32 on other CPUs.
        QVERIFY(runtime::resolveDType("auto", "cuda:0") == runtime::DType::BFloat16);
        QVERIFY(runtime::resolveDType("AUTO", "cpu") ==
                (runtime::cpuHasNativeBFloat16() ? runtime::DType::BFloat16 : runtime::DType::Float32));
        QVERIFY(runtime::resolveDType("float32", "cuda:0") == runtime::DType::Float32);
        QVERIFY(runtime::resolveDType("bf16", "cpu") == runtime::DType::BFloat16);
        QVERIFY(nn_test::throwsNaming<ConfigError>([] { runtime::resolveDType("half", "cpu"); }, {"'half'", "auto"}));
    }

    // Checked against the kernel's own reading of the CPU: /proc/cpuinfo's flags line.
    void bfloat16Support()
    {
#if defined(__x86_64__)
        std::ifstream cpuinfo("/proc/cpuinfo");
        if (!cpuinfo)
            QSKIP("no /proc/cpuinfo");
        std::string line;
        bool flagsSeen = false, avx512bf16 = false;
        while (std::getline(cpuinfo, line) && !flagsSeen) {
            if (line.rfind("flags", 0) != 0)
                continue;
            flagsSeen = true;
            std::istringstream words(line.substr(line.find(':') + 1));
            for (std::string w; words >> w;)
                avx512bf16 = avx512bf16 || w == "avx512_bf16";
        }
        QVERIFY(flagsSeen);
        QCOMPARE(runtime::cpuHasNativeBFloat16(), avx512bf16);
#endif
        const std::string slow = runtime::dtypeWarning(runtime::DType::BFloat16, "cpu");
        QCOMPARE(slow.empty(), runtime::cpuHasNativeBFloat16());
        if (!slow.empty())
            QVERIFY(slow.find("float32") != std::string::npos && slow.find("AVX512-BF16") != std::string::npos);
        QVERIFY(runtime::dtypeWarning(runtime::DType::Float32, "cpu").empty());
        QVERIFY(runtime::dtypeWarning(runtime::DType::BFloat16, "cuda:0").empty());
    }

    void threads()
    {
        auto setup = runtime::configureThreads(3);
        QCOMPARE(setup.threads, 3);
        if (setup.blasThreads >= 0) { // OpenBLAS does the products, LibTorch's pool stays at one
            QCOMPARE(setup.blasThreads, 3);
            QCOMPARE(setup.torchThreads, 1);
        } else {
            QCOMPARE(setup.torchThreads, 3);
        }
        setup = runtime::configureThreads(0);
        QVERIFY(setup.threads >= 1 && setup.torchThreads >= 1);
        QVERIFY(!runtime::torchVersion().empty());
    }
};

QTEST_APPLESS_MAIN(TestDevice)
#include "test_device.moc"
