// What the Method view edits: method, adapter, decoder mode, history sampling and the trainer's
// hyperparameters, with the defaults and presets. defaultMethodSettings() is the one place to
// swap in the core's default config once core/api/training.h exists; the values below mirror
// train::RunConfig / train::TrainOptions today. Leaves out running anything.
#pragma once

#include "core/data/sampling.h"

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
    double learningRate = 1e-3;
    int steps = 200;
    int batchSize = 8;
    QString device = QStringLiteral("cpu");

    // The run config's layout: {"method", "data": {"historySize", "sampling"}, "decoder": {"mode"},
    // "models": {"device"}, "persoma": {"adapter"}, "train": {"learningRate", "steps", "batchSize"}}.
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

MethodSettings defaultMethodSettings();
MethodRanges methodRanges();

struct MethodPreset {
    QString name;        // translated
    QString description; // translated
    MethodSettings settings;
};
// "Default", "Teaching" (a few minutes on CPU), "Text prompting", "MiLP", "Full run (GPU)".
QList<MethodPreset> methodPresets();

QStringList methodIds();       // "text", "persoma", "milp"
QStringList adapterIds();      // "mlp", "transformer", "perceiver"
QStringList decoderModeIds();  // "frozen", "lora", "full"
QString methodLabel(const QString& id);
QString adapterLabel(const QString& id);
QString decoderModeLabel(const QString& id);

} // namespace persona::ui
