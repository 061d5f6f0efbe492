#include "ui/views/method_settings.h"

#include <QCoreApplication>

namespace persona::ui {

namespace {
// Gives this file's free functions a translation context lupdate understands.
struct MethodText {
    Q_DECLARE_TR_FUNCTIONS(MethodSettings)
};
using T = MethodText;
} // namespace

QJsonObject MethodSettings::toJson() const
{
    // The layout of train::RunConfig::toJson (`persona train --print-default-config`), so the
    // preview can be saved and run with `persona train --config`; other fields keep their defaults.
    return QJsonObject{
        {QStringLiteral("method"), method},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("historySize"), historySize},
                                             {QStringLiteral("sampling"), QString::fromUtf8(data::samplingName(sampling))}}},
        {QStringLiteral("decoder"), QJsonObject{{QStringLiteral("mode"), decoderMode}}},
        {QStringLiteral("models"), QJsonObject{{QStringLiteral("device"), device}}},
        {QStringLiteral("persoma"), QJsonObject{{QStringLiteral("adapter"), adapter}}},
        {QStringLiteral("train"), QJsonObject{{QStringLiteral("learningRate"), learningRate},
                                              {QStringLiteral("steps"), steps},
                                              {QStringLiteral("batchSize"), batchSize}}}};
}

MethodSettings defaultMethodSettings()
{
    // The single place for defaults: replace with the core's default config (core/api/training.h)
    // when the trainer facade lands. Values mirror train::RunConfig and train::TrainOptions.
    return MethodSettings{};
}

MethodRanges methodRanges()
{
    return MethodRanges{};
}

QList<MethodPreset> methodPresets()
{
    QList<MethodPreset> presets;
    presets.append({T::tr("Default"), T::tr("The core's default PERSOMA configuration."), defaultMethodSettings()});

    MethodSettings teaching = defaultMethodSettings();
    teaching.historySize = 5;
    teaching.steps = 30;
    teaching.batchSize = 4;
    teaching.device = QStringLiteral("cpu");
    presets.append({T::tr("Teaching"),
                    T::tr("PERSOMA with an MLP adapter and a frozen decoder, 5 history items and 30 steps: "
                       "trains in a few minutes on a laptop CPU, for demos."),
                    teaching});

    MethodSettings text = defaultMethodSettings();
    text.method = QStringLiteral("text");
    text.steps = 0;
    presets.append({T::tr("Text prompting"),
                    T::tr("Zero-shot: the sampled history as text in the prompt, no training."), text});

    MethodSettings milp = defaultMethodSettings();
    milp.method = QStringLiteral("milp");
    milp.decoderMode = QStringLiteral("lora");
    presets.append({T::tr("MiLP"), T::tr("LoRA memory injection into the decoder, hyperparameters from the search."), milp});

    MethodSettings full = defaultMethodSettings();
    full.adapter = QStringLiteral("perceiver");
    full.historySize = 50;
    full.steps = 2000;
    full.batchSize = 16;
    full.device = QStringLiteral("cuda");
    presets.append({T::tr("Full run (GPU)"),
                    T::tr("Perceiver adapter over 50 history items for 2000 steps; needs a GPU."), full});
    return presets;
}

QStringList methodIds() { return {QStringLiteral("text"), QStringLiteral("persoma"), QStringLiteral("milp")}; }
QStringList adapterIds() { return {QStringLiteral("mlp"), QStringLiteral("transformer"), QStringLiteral("perceiver")}; }
QStringList decoderModeIds() { return {QStringLiteral("frozen"), QStringLiteral("lora"), QStringLiteral("full")}; }

QString methodLabel(const QString& id)
{
    if (id == QLatin1String("text"))
        return T::tr("Text prompting");
    if (id == QLatin1String("persoma"))
        return T::tr("PERSOMA (soft prompts)");
    if (id == QLatin1String("milp"))
        return T::tr("MiLP (LoRA memory injection)");
    return id;
}

QString adapterLabel(const QString& id)
{
    if (id == QLatin1String("mlp"))
        return T::tr("MLP");
    if (id == QLatin1String("transformer"))
        return T::tr("Transformer");
    if (id == QLatin1String("perceiver"))
        return T::tr("Perceiver");
    return id;
}

QString decoderModeLabel(const QString& id)
{
    if (id == QLatin1String("frozen"))
        return T::tr("Frozen");
    if (id == QLatin1String("lora"))
        return T::tr("LoRA");
    if (id == QLatin1String("full"))
        return T::tr("Full fine-tuning");
    return id;
}

} // namespace persona::ui
