// Tests the method registry (core/methods/registry.h): one entry per method with unique names,
// every method's config round-trips with its sections (and only its own optional ones), each
// method builds on the tiny fixtures through its spec, and a config that names an unknown method
// or carries another method's section is refused before anything loads, naming the field.
#include "core/api/methods.h"
#include "core/common/error.h"
#include "core/methods/registry.h"
#include "core/train/run.h"
#include "core/train/run_config.h"
#include "nn_test_util.h"
#include "tiny_run_folder.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <set>

using namespace persona;

class TestMethodRegistry : public QObject {
    Q_OBJECT

private slots:
    void namesAreUniqueAndFound()
    {
        const auto& specs = methods::methodSpecs();
        QCOMPARE(specs.size(), std::size_t(6));
        std::set<std::string> seen;
        for (const methods::MethodSpec* s : specs) {
            QVERIFY2(seen.insert(s->name).second, s->name);
            QCOMPARE(&methods::findMethod(s->name), s);
            for (const char* a : s->aliases)
                if (a) {
                    QVERIFY2(seen.insert(a).second, a);
                    QCOMPARE(&methods::findMethod(a), s);
                }
            QVERIFY(s->create != nullptr);
            QVERIFY(std::string(s->family).size() > 0 && std::string(s->title).size() > 0);
        }
        QCOMPARE(std::string(methods::defaultMethod().name), std::string("persoma"));
        QCOMPARE(train::RunConfig().method, &methods::defaultMethod());
        QVERIFY(nn_test::throwsNaming<ConfigError>([] { methods::findMethod("persona"); },
                                                   {"'persona'", "persoma, text, zero-shot, counting, milp or user-llm"}));
    }

    void everyMethodRoundTripsWithItsSections()
    {
        for (const methods::MethodSpec* s : methods::methodSpecs()) {
            nlohmann::json j = train::RunConfig().toJson();
            j["method"] = s->name;
            if (std::string(s->name) == "text")
                j["decoder"]["mode"] = "lora";
            const train::RunConfig c = train::RunConfig::fromJson(j);
            QCOMPARE(c.method, s);
            const nlohmann::json out = c.toJson();
            QVERIFY2(train::RunConfig::fromJson(out).toJson() == out, s->name);
            // The layout every run has had: persoma and decoder always, milp for MiLP alone.
            QVERIFY(out.contains("persoma") && out.contains("decoder"));
            QCOMPARE(out.contains("milp"), s->reads("milp"));
        }
        // An alias is read, the name is written.
        QCOMPARE(train::RunConfig::fromJson({{"method", "zeroshot"}}).toJson()["method"].get<std::string>(),
                 std::string("zero-shot"));
    }

    void foreignSectionsAndUnknownMethodsAreRefused()
    {
        nlohmann::json j = train::RunConfig().toJson();
        j["method"] = "persoma";
        j["milp"] = {{"layers", {0}}, {"modules", 1}, {"rank", 8}};
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); },
                                                   {"'milp'", "only for method milp"}));
        j.erase("milp");
        j["method"] = "persona";
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); }, {"'persona'", "persoma"}));
        j["method"] = "counting";
        j["task"] = "next-item";
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); },
                                                   {"'counting'", "next-item"}));
        j["method"] = "text"; // a text method that trains nothing
        j["task"] = "genres";
        j["decoder"]["mode"] = "frozen";
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); }, {"decoder.mode"}));
        j["method"] = "milp";
        j["milp"] = {{"layers", {0}}, {"modules", 1}, {"rank", 7}};
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); }, {"milp", "rank"}));
    }

    // Profile-augmented prompting is a text-prompt setting: every text method takes it, a method
    // that reads no text prompt refuses it by name.
    void promptContentIsForTextPrompts()
    {
        for (const methods::MethodSpec* s : methods::methodSpecs()) {
            nlohmann::json j = train::RunConfig().toJson();
            j["method"] = s->name;
            j.erase("milp");
            if (s->reads("milp"))
                j["milp"] = {{"layers", {0}}, {"modules", 1}, {"rank", 8}};
            if (s->needsTrainableDecoder)
                j["decoder"]["mode"] = "lora";
            j["data"]["promptContent"] = "profile-history";
            if (s->input == methods::InputKind::Text) {
                const train::RunConfig c = train::RunConfig::fromJson(j);
                QCOMPARE(c.exampleOptions().content, data::PromptContent::ProfileHistory);
                QCOMPARE(c.toJson()["data"]["promptContent"].get<std::string>(), std::string("profile-history"));
            } else {
                QVERIFY2(nn_test::throwsNaming<ConfigError>([&] { train::RunConfig::fromJson(j); },
                                                            {"data.promptContent", s->name}),
                         s->name);
            }
        }
        // A config without the field (every run saved before it) reads as the item list.
        nlohmann::json old = train::RunConfig().toJson();
        old["data"].erase("promptContent");
        QCOMPARE(train::RunConfig::fromSavedJson(old).promptContent, data::PromptContent::History);
    }

    void theApiSeesTheRegistry()
    {
        const auto infos = api::methodInfos();
        QCOMPARE(infos.size(), methods::methodSpecs().size());
        QCOMPARE(api::methodInfo("zeroshot").name, std::string("zero-shot"));
        QCOMPARE(api::methodInfo("zero-shot").family, std::string("text"));
        QVERIFY(!api::methodInfo("zero-shot").trains && api::methodInfo("text").trains);
        QVERIFY(api::methodInfo("persoma").softPrompt && api::methodInfo("persoma").reads("persoma"));
        QCOMPARE(api::methodInfo("milp").driver, std::string("search"));
        QVERIFY(api::methodInfo("text").driver.empty());
        QVERIFY(!api::methodInfo("counting").nextItem);
        QVERIFY(nn_test::throwsNaming<ConfigError>([] { api::methodInfo("lora"); }, {"'lora'"}));
        // The labels runs record, as the Compare and Inspect views group them.
        const std::vector<std::pair<std::string, std::string>> labels{
            {"persoma-mlp-frozen", "persoma"}, {"persoma-perceiver-lora", "persoma"}, {"text-lora", "text"},
            {"text-full", "text"},           {"zero-shot", "text"},                {"zero-shot-text", "text"},
            {"zeroshot", "text"},            {"milp", "milp"},                     {"counting", "counting"}, {"user-llm", "user-llm"},
            {"popular", ""},                 {"persomatic", ""},                   {"", ""}};
        for (const auto& [label, family] : labels)
            QVERIFY2(api::methodFamily(label) == family, label.c_str());
        // The Method view's choice of family and decoder mode.
        QCOMPARE(api::resolveMethod("text", "frozen"), std::string("zero-shot"));
        QCOMPARE(api::resolveMethod("text", "lora"), std::string("text"));
        QCOMPARE(api::resolveMethod("persoma", "frozen"), std::string("persoma"));
        QCOMPARE(api::resolveMethod("milp", "frozen"), std::string("milp"));
        QCOMPARE(api::resolveMethod("counting", "frozen"), std::string("counting"));
        // A method that trains the decoder itself refuses a frozen one in its validation too, so
        // the Method view's choice and a hand-written config agree.
        for (const methods::MethodSpec* spec : methods::methodSpecs()) {
            if (!spec->needsTrainableDecoder)
                continue;
            QVERIFY2(spec->validate, spec->name);
            methods::MethodSections frozen;
            frozen.decoder.mode = methods::DecoderMode::Frozen;
            QVERIFY_THROWS_EXCEPTION(ConfigError, spec->validate(frozen));
            methods::MethodSections lora;
            lora.decoder.mode = methods::DecoderMode::Lora;
            spec->validate(lora);
        }
    }

    void everyMethodBuildsThroughItsSpec()
    {
        QTemporaryDir dir;
        for (const methods::MethodSpec* s : methods::methodSpecs()) {
            nlohmann::json j = testing::tinyRunConfig(dir.filePath(s->name).toStdString(), s->name, 1);
            j["data"]["historySize"] = 2;
            if (std::string(s->name) == "text")
                j["decoder"]["mode"] = "lora";
            if (s->reads("milp"))
                j["milp"] = {{"layers", {0}}, {"modules", 1}, {"rank", 8}};
            train::Run run(train::RunConfig::fromJson(j));
            QCOMPARE(&*run.config().method, s);
            QCOMPARE(run.method().trainable(), s->trains);
            QCOMPARE(run.persoma() != nullptr, s->softTokens);
            // Soft-prompt methods read the item encoder; the others build without it.
            QVERIFY2(run.method().name().rfind(s->family, 0) == 0 || std::string(s->name) == "zero-shot",
                     run.method().name().c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestMethodRegistry)
#include "test_method_registry.moc"
