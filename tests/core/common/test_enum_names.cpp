// Tests the one-table-per-enum names (core/common/enum_names.h) and the public name/parse pairs
// built on it: every name reads back as its value, aliases are read but never written, and an
// unknown name is refused with the choices listed.
#include "core/api/diagnostics.h"
#include "core/common/enum_names.h"
#include "core/common/error.h"
#include "core/data/sampling.h"
#include "core/data/user_split.h"
#include "core/methods/persoma/adapters.h"
#include "core/methods/decoder_training.h"
#include "core/methods/examples.h"
#include "core/runtime/device.h"
#include "core/store/store.h"
#include "nn_test_util.h"

#include <QtTest/QtTest>

using namespace persona;

namespace {
enum class Colour { Red, Green, Blue, Unnamed };
constexpr EnumName<Colour> kColours[] = {
    {Colour::Red, "red"}, {Colour::Green, "green", {"gruen", "verde"}}, {Colour::Blue, "blue"}};

// name(parse(name)) == name for every value, and parse(alias) gives the same value.
template <class E, class NameFn, class ParseFn>
void roundTrips(const std::vector<E>& values, NameFn name, ParseFn parse)
{
    for (E v : values) {
        const std::string n = name(v);
        QVERIFY2(parse(n) == v, n.c_str());
    }
}
} // namespace

class TestEnumNames : public QObject {
    Q_OBJECT

private slots:
    void tableLookups()
    {
        QCOMPARE(std::string(enumName(kColours, Colour::Green)), std::string("green"));
        QCOMPARE(std::string(enumName(kColours, Colour::Unnamed, "?")), std::string("?"));
        QVERIFY(enumFromName(kColours, "verde") == Colour::Green);
        QVERIFY(enumFromName(kColours, "blue") == Colour::Blue);
        QVERIFY(!enumFromName(kColours, "Blue")); // exact: case matters
        QVERIFY(!enumFromName(kColours, ""));
        QCOMPARE(enumChoices(kColours), std::string("red, green or blue"));
        QCOMPARE(enumValues(kColours).size(), std::size_t(3));
        static_assert(*enumFromName(kColours, "gruen") == Colour::Green); // usable at compile time
    }

    void publicPairsRoundTrip()
    {
        roundTrips(data::allSamplingStrategies(), data::samplingName, data::parseSampling);
        roundTrips(std::vector{data::Split::Train, data::Split::Validation, data::Split::Test}, data::splitName,
                   data::parseSplit);
        roundTrips(std::vector{methods::AdapterKind::Mlp, methods::AdapterKind::Transformer,
                               methods::AdapterKind::Perceiver},
                   methods::adapterName, methods::parseAdapter);
        roundTrips(std::vector{methods::DecoderMode::Frozen, methods::DecoderMode::Lora, methods::DecoderMode::Full},
                   methods::decoderModeName, methods::parseDecoderMode);
        roundTrips(std::vector{methods::TaskKind::Genres, methods::TaskKind::NextItem}, methods::taskName,
                   methods::parseTask);
        roundTrips(std::vector{runtime::DType::Float32, runtime::DType::BFloat16}, runtime::dtypeName,
                   runtime::parseDType);
        roundTrips(std::vector{store::RunStatus::Queued, store::RunStatus::Running, store::RunStatus::Finished,
                               store::RunStatus::Failed, store::RunStatus::Cancelled, store::RunStatus::Interrupted},
                   store::runStatusName, store::runStatusFromName);
        // Aliases are read, the canonical name is written.
        QCOMPARE(std::string(data::samplingName(data::parseSampling("top-k-popularity"))), std::string("top-k"));
        QCOMPARE(std::string(data::splitName(data::parseSplit("val"))), std::string("validation"));
        QCOMPARE(std::string(runtime::dtypeName(runtime::parseDType("BF16"))), std::string("bfloat16"));
    }

    void unknownNamesListTheChoices()
    {
        QVERIFY(nn_test::throwsNaming<ConfigError>([] { data::parseSampling("popular"); },
                                                   {"'popular'", "recency, random, long-tail, top-k, genre or retrieval"}));
        QVERIFY(nn_test::throwsNaming<ConfigError>([] { runtime::parseDType("half"); },
                                                   {"'half'", "float32, bfloat16 or auto"}));
        QVERIFY(nn_test::throwsNaming<StoreError>([] { store::runStatusFromName("done"); }, {"'done'"}));
    }
};

QTEST_GUILESS_MAIN(TestEnumNames)
#include "test_enum_names.moc"
