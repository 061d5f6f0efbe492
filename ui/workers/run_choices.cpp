#include "ui/workers/run_choices.h"

#include "core/api/methods.h"
#include "core/store/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace persona::ui {

namespace {
constexpr qint64 kMaxConfigBytes = 1 << 20;
} // namespace

RunFamily runFamily(const QString& method)
{
    const std::string family = api::methodFamily(method.toStdString()); // the core's registry decides
    if (family == "persoma")
        return RunFamily::Persoma;
    if (family == "milp")
        return RunFamily::Milp;
    if (family == "text")
        return RunFamily::TextPrompting;
    return RunFamily::Other;
}

QString readRunConfig(const QString& dir)
{
    QFile file(QDir(dir).filePath(QStringLiteral("config.json")));
    if (file.size() > kMaxConfigBytes || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.read(kMaxConfigBytes));
}

QString runFolderMethod(const QString& dir)
{
    const nlohmann::json j = nlohmann::json::parse(readRunConfig(dir).toStdString(), nullptr, false);
    if (j.is_object() && j.contains("method") && j["method"].is_string())
        return QString::fromStdString(j["method"].get<std::string>());
    return {};
}

RunChoice folderRunChoice(const QString& dir, QString* error)
{
    RunChoice c;
    if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json")))) {
        if (error)
            *error = QCoreApplication::translate("persona::ui::RunChoices", "%1 is not a run folder: it has no config.json.").arg(QDir::toNativeSeparators(dir));
        return c;
    }
    c.dir = QDir(dir).absolutePath();
    c.label = QCoreApplication::translate("persona::ui::RunChoices", "%1 (folder)").arg(QFileInfo(c.dir).fileName());
    return c;
}

RunChoice storeRunChoice(qint64 runId, const QString& method, const QString& configJson, QString* error)
{
    RunChoice c;
    c.storeRunId = runId;
    const nlohmann::json config = nlohmann::json::parse(configJson.toStdString(), nullptr, false);
    if (method == QLatin1String("zero-shot") && config.is_object()) {
        c.zeroShotConfig = configJson;
        c.label = QCoreApplication::translate("persona::ui::RunChoices", "#%1 zero-shot").arg(runId);
        return c;
    }
    const QString dir = config.is_object() && config.contains("outputDir") && config["outputDir"].is_string()
                            ? QString::fromStdString(config["outputDir"].get<std::string>())
                            : QString();
    if (dir.isEmpty() || !QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json")))) {
        if (error)
            *error = dir.isEmpty() ? QCoreApplication::translate("persona::ui::RunChoices", "Run %1 names no run folder.").arg(runId)
                                   : QCoreApplication::translate("persona::ui::RunChoices", "The folder of run %1 (%2) is gone.")
                                         .arg(runId)
                                         .arg(QDir::toNativeSeparators(dir));
        return c;
    }
    c.dir = QDir(dir).absolutePath();
    c.label = QCoreApplication::translate("persona::ui::RunChoices", "#%1 (%2)").arg(runId).arg(method);
    return c;
}

RunChoice onDataset(RunChoice c, const DatasetPtr& dataset)
{
    if (!dataset || !c.isValid())
        return c;
    if (c.dir.isEmpty()) { // zero-shot reads any catalogue: its config names the dataset
        nlohmann::json j = nlohmann::json::parse(c.zeroShotConfig.toStdString(), nullptr, false);
        if (j.is_object()) {
            j["data"]["dataset"] = dataset->path.toStdString();
            j["data"]["dataDir"] = "";
            j["data"]["minItemRatings"] = dataset->minItemRatings;
            c.zeroShotConfig = QString::fromStdString(j.dump());
        }
        return c;
    }
    c.dataset = dataset->path;
    c.minItemRatings = dataset->minItemRatings;
    return c;
}

RunChoices storeRunChoices(const QString& storePath, RunFamily family, QString* error)
{
    RunChoices out;
    if (storePath.isEmpty() || !QFileInfo::exists(storePath))
        return out;
    try {
        store::StoreOptions options;
        options.readOnly = true;
        options.markInterrupted = false;
        store::Store s(storePath.toStdString(), options);
        for (const store::RunRecord& r : s.listRuns()) {
            if (r.status != store::RunStatus::Finished || !r.config.is_object())
                continue;
            const auto method = r.config.contains("method") && r.config["method"].is_string()
                                    ? r.config["method"].get<std::string>()
                                    : r.method;
            if (runFamily(QString::fromStdString(method)) != family)
                continue;
            if (!r.config.contains("outputDir") || !r.config["outputDir"].is_string())
                continue;
            const QString dir = QString::fromStdString(r.config["outputDir"].get<std::string>());
            if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json"))))
                continue;
            RunChoice c;
            c.dir = QDir(dir).absolutePath();
            c.storeRunId = r.id;
            c.label = QCoreApplication::translate("persona::ui::RunChoices", "#%1 %2 (%3)").arg(r.id).arg(QString::fromStdString(r.name), QString::fromStdString(method));
            out.append(c);
        }
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
    }
    return out;
}

} // namespace persona::ui
