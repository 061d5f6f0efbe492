#include "ui/views/method_settings.h"

#include "core/api/methods.h"
#include "core/api/milp.h"
#include "core/api/models.h"
#include "core/api/training.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <exception>

namespace persona::ui {

namespace {
// Gives this file's free functions a translation context lupdate understands.
struct MethodText {
    Q_DECLARE_TR_FUNCTIONS(MethodSettings)
};
} // namespace

QJsonObject MethodSettings::toJson() const
{
    // The layout of train::RunConfig::toJson (`persona train --print-default-config`), so the
    // preview can be saved and run with `persona train --config`; other fields keep their defaults.
    QJsonObject j{
        {QStringLiteral("method"), method},
        {QStringLiteral("task"), task},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("historySize"), historySize},
                                             {QStringLiteral("sampling"), QString::fromUtf8(data::samplingName(sampling))},
                                             {QStringLiteral("promptContent"), promptContent}}},
        {QStringLiteral("decoder"), QJsonObject{{QStringLiteral("mode"), decoderMode}}},
        {QStringLiteral("models"), QJsonObject{{QStringLiteral("device"), device}, {QStringLiteral("dtype"), dtype}}},
        {QStringLiteral("persoma"), QJsonObject{{QStringLiteral("adapter"), adapter},
                                                {QStringLiteral("standardizeItems"), standardizeItems}}},
        {QStringLiteral("train"), QJsonObject{{QStringLiteral("learningRate"), learningRate},
                                              {QStringLiteral("steps"), steps},
                                              {QStringLiteral("batchSize"), batchSize}}}};
    if (minItemRatings >= 0) {
        QJsonObject dataJ = j.value(QStringLiteral("data")).toObject();
        dataJ.insert(QStringLiteral("minItemRatings"), minItemRatings);
        j.insert(QStringLiteral("data"), dataJ);
    }
    return j;
}

MethodSettings methodSettingsFromConfig(const nlohmann::json& c, const QString& preset)
{
    MethodSettings s;
    s.preset = preset;
    auto text = [](const nlohmann::json& v, QString& out) {
        if (v.is_string())
            out = QString::fromStdString(v.get<std::string>());
    };
    text(c.value("method", nlohmann::json()), s.method);
    text(c.value("task", nlohmann::json()), s.task);
    const nlohmann::json models = c.value("models", nlohmann::json::object());
    text(models.value("device", nlohmann::json()), s.device);
    text(models.value("dtype", nlohmann::json()), s.dtype);
    const nlohmann::json persoma = c.value("persoma", nlohmann::json::object());
    text(persoma.value("adapter", nlohmann::json()), s.adapter);
    s.standardizeItems = persoma.value("standardizeItems", s.standardizeItems);
    const nlohmann::json decoder = c.value("decoder", nlohmann::json::object());
    text(decoder.value("mode", nlohmann::json()), s.decoderMode);
    // The Method view offers families ("text"); a config names a method ("zero-shot": text
    // prompting with a frozen decoder).
    try {
        const api::MethodInfo m = api::methodInfo(s.method.toStdString());
        if (!m.trains && m.family != m.name) {
            s.method = QString::fromStdString(m.family);
            s.decoderMode = QStringLiteral("frozen");
        }
    } catch (const std::exception&) {
        // an unknown method stays as written: the config check names it
    }
    const nlohmann::json dataJ = c.value("data", nlohmann::json::object());
    s.historySize = dataJ.value("historySize", s.historySize);
    s.minItemRatings = dataJ.value("minItemRatings", s.minItemRatings);
    s.sampling = data::parseSampling(dataJ.value("sampling", std::string(data::samplingName(s.sampling))));
    text(dataJ.value("promptContent", nlohmann::json()), s.promptContent);
    const nlohmann::json train = c.value("train", nlohmann::json::object());
    s.learningRate = train.value("learningRate", s.learningRate);
    s.steps = train.value("steps", s.steps);
    s.batchSize = train.value("batchSize", s.batchSize);
    return s;
}

MethodSettings defaultMethodSettings()
{
    try {
        return methodSettingsFromConfig(api::defaultRunConfig(), QStringLiteral("default"));
    } catch (const std::exception&) {
        return MethodSettings{}; // the struct mirrors train::RunConfig's defaults
    }
}

QString runName(const MethodSettings& s)
{
    if (s.method == QLatin1String("persoma"))
        return QStringLiteral("persoma-%1-%2").arg(s.adapter, s.decoderMode);
    return QStringLiteral("%1-%2").arg(s.method, s.decoderMode);
}

nlohmann::json runConfig(const MethodSettings& s, const QString& datasetPath)
{
    nlohmann::json c;
    try {
        c = s.preset.isEmpty() ? api::defaultRunConfig() : api::presetRunConfig(s.preset.toStdString());
    } catch (const std::exception&) {
        c = api::defaultRunConfig(); // a preset this core does not know: its defaults
    }
    const api::ModelPaths paths = api::defaultModelPaths();
    c["name"] = runName(s).toStdString();
    c.erase("outputDir"); // the Training view gives each run a fresh folder beside the store
    c["models"]["decoder"] = paths.decoder;
    c["models"]["encoder"] = paths.encoder;
    c["models"]["device"] = s.device.toStdString();
    c["models"]["dtype"] = s.dtype.toStdString();
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (!cache.isEmpty())
        c["models"]["cacheDir"] = QDir(cache).filePath(QStringLiteral("item-embeddings")).toStdString();
    if (!datasetPath.isEmpty())
        c["data"]["dataset"] = datasetPath.toStdString();
    else
        c["data"]["dataDir"] = (QDir(QString::fromStdString(paths.modelsDir)).filePath(QStringLiteral("data"))).toStdString();
    c["data"]["historySize"] = s.historySize;
    c["data"]["sampling"] = data::samplingName(s.sampling);
    if (s.minItemRatings >= 0) // the items the Data view shows are the items the run trains on
        c["data"]["minItemRatings"] = s.minItemRatings;
    // The profile is for methods that put the history in their prompt; the others keep the item list.
    const std::string method = api::resolveMethod(s.method.toStdString(), s.decoderMode.toStdString());
    c["data"]["promptContent"] = api::methodInfo(method).textPrompt ? s.promptContent.toStdString() : std::string("history");
    if (s.method == QLatin1String("milp")) {
        // The core's MiLP defaults with every field, the same models and data as a training run.
        nlohmann::json milp = api::defaultMilpConfig();
        milp["name"] = c["name"];
        milp.erase("outputDir");
        for (const char* key : {"decoder", "device", "dtype"})
            milp["models"][key] = c["models"][key];
        for (const char* key : {"dataset", "dataDir", "historySize", "sampling", "promptContent", "minItemRatings"})
            if (c["data"].contains(key))
                milp["data"][key] = c["data"][key];
        milp["search"]["task"] = s.task.toStdString();
        milp["search"]["learningRate"] = s.learningRate;
        milp["search"]["batchSize"] = s.batchSize;
        return milp;
    }
    c["method"] = method;
    c["task"] = s.task.toStdString();
    c["persoma"]["adapter"] = s.adapter.toStdString();
    c["persoma"]["standardizeItems"] = s.standardizeItems;
    c["decoder"]["mode"] = s.decoderMode.toStdString();
    c["train"]["learningRate"] = s.learningRate;
    c["train"]["steps"] = s.steps;
    c["train"]["batchSize"] = s.batchSize;
    // The workbench has no micro-batch setting: the run splits a batch that would not fit in memory
    // into passes that do (the same updates; core/train/memory_estimate.h).
    c["train"]["microBatchSize"] = -1;
    return c;
}

MethodRanges methodRanges()
{
    return MethodRanges{};
}

QList<MethodPreset> methodPresets()
{
    QList<MethodPreset> presets;
    for (const api::PresetInfo& p : api::runPresets()) {
        const QString name = QString::fromStdString(p.name);
        // The core's English title and description are the keys of context "PresetText" in the
        // translations (tests/ui/test_translation_de checks every preset has a German one).
        presets.append({QCoreApplication::translate("PresetText", p.title.c_str()),
                        QCoreApplication::translate("PresetText", p.description.c_str()),
                        methodSettingsFromConfig(api::presetRunConfig(p.name), name)});
    }
    return presets;
}

QStringList methodIds()
{
    return {QStringLiteral("text"), QStringLiteral("persoma"), QStringLiteral("milp"), QStringLiteral("user-llm")};
}
QStringList adapterIds() { return {QStringLiteral("mlp"), QStringLiteral("transformer"), QStringLiteral("perceiver")}; }
QStringList decoderModeIds() { return {QStringLiteral("frozen"), QStringLiteral("lora"), QStringLiteral("full")}; }

QString methodLabel(const QString& id)
{
    if (id == QLatin1String("text"))
        return MethodText::tr("Text prompting");
    if (id == QLatin1String("persoma"))
        return MethodText::tr("PERSOMA (soft prompts)");
    if (id == QLatin1String("milp"))
        return MethodText::tr("MiLP (LoRA memory injection)");
    if (id == QLatin1String("user-llm"))
        return MethodText::tr("User-LLM (cross-attention)");
    return id;
}

QString adapterLabel(const QString& id)
{
    if (id == QLatin1String("mlp"))
        return MethodText::tr("MLP");
    if (id == QLatin1String("transformer"))
        return MethodText::tr("Transformer");
    if (id == QLatin1String("perceiver"))
        return MethodText::tr("Perceiver");
    return id;
}

QString decoderModeLabel(const QString& id)
{
    if (id == QLatin1String("frozen"))
        return MethodText::tr("Frozen");
    if (id == QLatin1String("lora"))
        return MethodText::tr("LoRA");
    if (id == QLatin1String("full"))
        return MethodText::tr("Full fine-tuning");
    return id;
}

} // namespace persona::ui
