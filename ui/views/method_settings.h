// What the Method view edits: method, adapter, decoder mode, history sampling and the trainer's
// hyperparameters, with the defaults (the core's, api::defaultRunConfig()) and presets, and the
// full config a run starts from. Leaves out running anything (the Training view).
#pragma once

#include "core/data/sampling.h"

#include <nlohmann/json.hpp>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace persona::ui {

struct MethodSettings {
    QString method = QStringLiteral("persoma");      // "text", "persoma", "milp"
    QString adapter = QStringLiteral("mlp");         // "mlp", "transformer", "perceiver"
    QString decoderMode = QStringLiteral("frozen");  // "frozen", "lora", "full"
    int historySize = 10;
    data::SamplingStrategy sampling = data::SamplingStrategy::Recency;
    // Text prompting: the sampled items, their profile, or both (data.promptContent).
    QString promptContent = QStringLiteral("history"); // "history", "profile", "profile-history"
    double learningRate = 1e-3;
    int steps = 200;
    int batchSize = 8;
    QString device = QStringLiteral("cpu");
    QString dtype = QStringLiteral("float32");       // "float32", "bfloat16" (about 2x faster on CPUs with AMX/AVX512-BF16), "auto"
    QString task = QStringLiteral("genres");         // "genres" or "next-item" (train's "task", MiLP's "search.task")
    bool standardizeItems = true;                    // PERSOMA: persoma.standardizeItems
    int minItemRatings = -1;                         // the Data view's item filter (data.minItemRatings); -1: the preset's
    // The core preset (`persona train --list-presets`) whose full config the fields above go over:
    // what this view does not show (validation users, evaluation interval, ...) comes from it.
    QString preset = QStringLiteral("default");

    // The run config's layout: {"method", "task", "data": {"historySize", "sampling", "promptContent"}, "decoder": {"mode"},
    // "models": {"device", "dtype"}, "persoma": {"adapter", "standardizeItems"}, "train": {"learningRate", "steps", "batchSize"}}.
    QJsonObject toJson() const;
    bool operator==(const MethodSettings&) const = default;
};

// Ranges the view allows (the core validates again).
struct MethodRanges {
    int maxHistory = 200;
    double minLearningRate = 1e-6;
    double maxLearningRate = 1.0;
    int maxSteps = 100000;
    int maxBatch = 256;
};

// The core's defaults (api::defaultRunConfig()); the struct's values where that cannot be read.
MethodSettings defaultMethodSettings();
// The fields of a full run config (RunConfig::toJson's layout) as settings over `preset`; method
// "zero-shot" is text prompting with a frozen decoder.
MethodSettings methodSettingsFromConfig(const nlohmann::json& config, const QString& preset);
// What Start runs. PERSOMA and text prompting: a full RunConfig, the preset's config with the
// default model files (api::defaultModelPaths()), `datasetPath` when given, and these settings
// (text prompting with a frozen decoder becomes "zero-shot"). MiLP: the core's full MilpConfig
// (api::defaultMilpConfig()) with the same models and data. Both leave out "outputDir" (the
// Training view names a fresh folder per run). The core validates it.
nlohmann::json runConfig(const MethodSettings& settings, const QString& datasetPath = {});
// A run folder name: "<method>-<adapter>-<decoder>".
QString runName(const MethodSettings& settings);
MethodRanges methodRanges();

struct MethodPreset {
    QString name;        // the preset's title
    QString description;
    MethodSettings settings; // settings.preset is the core's name ("teaching")
};
// The core's presets (api::runPresets(), the list `persona train --list-presets` prints), in order.
QList<MethodPreset> methodPresets();

QStringList methodIds();       // "text", "persoma", "milp", "user-llm"
QStringList adapterIds();      // "mlp", "transformer", "perceiver"
QStringList decoderModeIds();  // "frozen", "lora", "full"
QString methodLabel(const QString& id);
QString adapterLabel(const QString& id);
QString decoderModeLabel(const QString& id);

} // namespace persona::ui
