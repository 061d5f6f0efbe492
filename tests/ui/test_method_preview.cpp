// Tests the Method view's config preview (ui/views/method_view.cpp): for every preset it is the
// full config the Training view runs: valid JSON the core accepts (RunConfig or MilpConfig), with
// every field of the core's default config, the Data view's dataset, and exactly what the main
// window's job source hands to Start.
#include "core/api/milp.h"
#include "core/api/training.h"
#include "ui/main_window.h"
#include "ui/views/data_view.h"
#include "ui/views/method_settings.h"
#include "ui/views/method_view.h"
#include "ui/views/training_view.h"
#include "ui_test_data.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace persona::ui;

namespace {
// Every field of `defaults` (nested objects included) is in `config`; "outputDir" is left to the
// Training view. Returns the first missing path, "" when none is missing.
QString missingField(const nlohmann::json& defaults, const nlohmann::json& config, const QString& at = {})
{
    for (auto it = defaults.begin(); it != defaults.end(); ++it) {
        const QString path = at.isEmpty() ? QString::fromStdString(it.key()) : at + "." + QString::fromStdString(it.key());
        if (path == "outputDir")
            continue;
        if (!config.contains(it.key()))
            return path;
        if (it->is_object()) {
            const QString inner = missingField(*it, config[it.key()], path);
            if (!inner.isEmpty())
                return inner;
        }
    }
    return {};
}
} // namespace

class TestMethodPreview : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        uitest::useOwnSettings(m_dir.filePath("settings"), "test_method_preview");
    }

    void previewIsTheFullValidConfig()
    {
        MethodView view;
        view.setDatasetPath("/some/dataset");
        for (const MethodPreset& preset : methodPresets()) {
            QVERIFY(view.applyPreset(preset.name));
            const nlohmann::json shown = nlohmann::json::parse(view.previewText().toStdString(), nullptr, false);
            QVERIFY2(!shown.is_discarded(), qPrintable(preset.name + ": not JSON: " + view.previewText().left(200)));
            const bool milp = preset.settings.method == "milp";
            try {
                if (milp)
                    persona::api::validateMilpConfig(shown);
                else
                    persona::api::validateRunConfig(shown);
            } catch (const std::exception& e) {
                QFAIL(qPrintable(preset.name + ": " + QString::fromUtf8(e.what())));
            }
            const nlohmann::json defaults = milp ? persona::api::defaultMilpConfig() : persona::api::defaultRunConfig();
            const QString missing = missingField(defaults, shown);
            QVERIFY2(missing.isEmpty(), qPrintable(preset.name + ": the preview lacks " + missing));
            QVERIFY(shown == view.runConfig());
            // The view's settings are the preset's (a missing GPU falls back to the CPU).
            MethodSettings expected = preset.settings;
            if (view.settings().device == "cpu")
                expected.device = "cpu";
            QVERIFY2(view.settings() == expected, qPrintable(preset.name));
            QVERIFY2(shown == runConfig(expected, "/some/dataset"), qPrintable(preset.name));
            QCOMPARE(shown["data"]["dataset"].get<std::string>(), std::string("/some/dataset"));
            QCOMPARE(shown["data"]["historySize"].get<int>(), preset.settings.historySize);
            if (!milp)
                QCOMPARE(shown["train"]["steps"].get<int>(), preset.settings.steps);
        }
    }

    void previewFollowsTheWidgets()
    {
        MethodView view;
        auto* steps = view.findChild<QSpinBox*>("stepsSpin");
        QVERIFY(steps);
        QVERIFY(view.applyPreset(methodPresets().value(0).name));
        steps->setValue(123);
        const nlohmann::json shown = nlohmann::json::parse(view.previewText().toStdString());
        QCOMPARE(shown["train"]["steps"].get<int>(), 123);
        QCOMPARE(shown["models"]["dtype"].get<std::string>(), std::string("float32"));

        // The precision reaches the config the core validates and runs.
        auto* dtype = view.findChild<QComboBox*>("dtypeCombo");
        QVERIFY(dtype);
        dtype->setCurrentIndex(dtype->findData(QStringLiteral("bfloat16")));
        const nlohmann::json bf16 = nlohmann::json::parse(view.previewText().toStdString());
        QCOMPARE(bf16["models"]["dtype"].get<std::string>(), std::string("bfloat16"));
        QCOMPARE(view.settings().dtype, QStringLiteral("bfloat16"));
        QCOMPARE(runConfig(view.settings())["models"]["dtype"].get<std::string>(), std::string("bfloat16"));
        // On a CPU without native bf16 the choice says it is slow there, and stays chosen.
        const int bf16Item = dtype->findData(QStringLiteral("bfloat16"));
        view.setDevices({QStringLiteral("cpu")}, false);
        QVERIFY(dtype->itemText(bf16Item).contains(QStringLiteral("AVX512-BF16")));
        QCOMPARE(view.settings().dtype, QStringLiteral("bfloat16"));
        view.setDevices({QStringLiteral("cpu")}, true);
        QVERIFY(!dtype->itemText(bf16Item).contains(QStringLiteral("AVX512-BF16")));

        // Item standardization: on by default (the core's default), for PERSOMA only, and in the
        // config the core runs.
        auto* standardize = view.findChild<QCheckBox*>("standardizeCheck");
        QVERIFY(standardize);
        QVERIFY(standardize->isChecked());
        QCOMPARE(nlohmann::json::parse(view.previewText().toStdString())["persoma"]["standardizeItems"].get<bool>(), true);
        standardize->setChecked(false);
        QCOMPARE(nlohmann::json::parse(view.previewText().toStdString())["persoma"]["standardizeItems"].get<bool>(), false);
        standardize->setChecked(true);
        const nlohmann::json standardized = nlohmann::json::parse(view.previewText().toStdString());
        QCOMPARE(standardized["persoma"]["standardizeItems"].get<bool>(), true);
        persona::api::validateRunConfig(standardized);
        QVERIFY(view.settings().standardizeItems);
        auto* method = view.findChild<QComboBox*>("methodCombo");
        QVERIFY(method && method->findData(QStringLiteral("text")) >= 0);
        method->setCurrentIndex(method->findData(QStringLiteral("text")));
        QVERIFY(!standardize->isEnabled());
        // Text prompting trains with LoRA or full fine-tuning; with a frozen decoder it is zero-shot.
        auto* decoderMode = view.findChild<QComboBox*>("decoderModeCombo");
        auto* stepsSpin = view.findChild<QSpinBox*>("stepsSpin");
        QVERIFY(decoderMode && stepsSpin && decoderMode->isEnabled());
        decoderMode->setCurrentIndex(decoderMode->findData(QStringLiteral("frozen")));
        QVERIFY(!stepsSpin->isEnabled());
        QCOMPARE(nlohmann::json::parse(view.previewText().toStdString())["method"].get<std::string>(),
                 std::string("zero-shot"));
        decoderMode->setCurrentIndex(decoderMode->findData(QStringLiteral("lora")));
        QVERIFY(stepsSpin->isEnabled());
        QCOMPARE(nlohmann::json::parse(view.previewText().toStdString())["method"].get<std::string>(), std::string("text"));
        // Profile-augmented prompting: for methods that read text, in the config the core validates;
        // PERSOMA greys it out and its config keeps the item list (the core refuses a profile there).
        auto* content = view.findChild<QComboBox*>("promptContentCombo");
        QVERIFY(content && content->isEnabled());
        QCOMPARE(nlohmann::json::parse(view.previewText().toStdString())["data"]["promptContent"].get<std::string>(),
                 std::string("history"));
        content->setCurrentIndex(content->findData(QStringLiteral("profile")));
        const nlohmann::json profile = nlohmann::json::parse(view.previewText().toStdString());
        QCOMPARE(profile["data"]["promptContent"].get<std::string>(), std::string("profile"));
        persona::api::validateRunConfig(profile);
        QCOMPARE(view.settings().promptContent, QStringLiteral("profile"));
        method->setCurrentIndex(method->findData(QStringLiteral("persoma")));
        QVERIFY(!content->isEnabled());
        const nlohmann::json soft = nlohmann::json::parse(view.previewText().toStdString());
        QCOMPARE(soft["data"]["promptContent"].get<std::string>(), std::string("history"));
        persona::api::validateRunConfig(soft);
        method->setCurrentIndex(method->findData(QStringLiteral("milp")));
        QVERIFY(content->isEnabled()); // MiLP's prompts are text too
        QCOMPARE(nlohmann::json::parse(view.previewText().toStdString())["data"]["promptContent"].get<std::string>(),
                 std::string("profile"));
        content->setCurrentIndex(content->findData(QStringLiteral("history")));
        method->setCurrentIndex(method->findData(QStringLiteral("text")));
        method->setCurrentIndex(method->findData(QStringLiteral("milp")));
        QVERIFY(!decoderMode->isEnabled() && stepsSpin->isEnabled()); // MiLP places its own LoRA modules
        decoderMode->setCurrentIndex(decoderMode->findData(QStringLiteral("frozen")));
        method->setCurrentIndex(method->findData(QStringLiteral("persoma")));
        QVERIFY(standardize->isEnabled());
        standardize->setChecked(false);

        // The task: a training run's "task", a MiLP search's "search.task", both accepted by the core.
        auto* task = view.findChild<QComboBox*>("taskCombo");
        QVERIFY(task);
        QCOMPARE(nlohmann::json::parse(view.previewText().toStdString())["task"].get<std::string>(), std::string("genres"));
        task->setCurrentIndex(task->findData(QStringLiteral("next-item")));
        const nlohmann::json next = nlohmann::json::parse(view.previewText().toStdString());
        QCOMPARE(next["task"].get<std::string>(), std::string("next-item"));
        persona::api::validateRunConfig(next);
        bool milpSeen = false;
        for (const MethodPreset& preset : methodPresets()) {
            if (preset.settings.method != "milp")
                continue;
            QVERIFY(view.applyPreset(preset.name));
            task->setCurrentIndex(task->findData(QStringLiteral("next-item")));
            const nlohmann::json milp = nlohmann::json::parse(view.previewText().toStdString());
            QCOMPARE(milp["search"]["task"].get<std::string>(), std::string("next-item"));
            QVERIFY(!milp.contains("task"));
            persona::api::validateMilpConfig(milp);
            milpSeen = true;
        }
        QVERIFY(milpSeen);
    }

    void previewEqualsWhatTrainingRuns()
    {
        MainWindow window;
        QSignalSpy loaded(window.dataView(), &DataView::datasetLoaded);
        const QString dataset = uitest::writeSyntheticDataset(m_dir.filePath("synthetic"));
        window.openDataset(dataset);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        for (const MethodPreset& preset : methodPresets()) {
            QVERIFY(window.methodView()->applyPreset(preset.name));
            const nlohmann::json shown = nlohmann::json::parse(window.methodView()->previewText().toStdString());
            QVERIFY(shown["data"]["dataset"].get<std::string>().find("synthetic") != std::string::npos);
            const TrainingView::Job job = window.trainingView()->jobSource()();
            QCOMPARE(job.milp, preset.settings.method == "milp");
            QVERIFY2(job.config == shown, qPrintable(preset.name + ": Start runs\n" + QString::fromStdString(job.config.dump(1))));
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestMethodPreview)
#include "test_method_preview.moc"
