// Runs the real `persona` executable for CLI tests and parses its JSON output.
#pragma once

#include <nlohmann/json.hpp>

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
    nlohmann::json json() const { return nlohmann::json::parse(out.toStdString()); }
};

inline CliResult runPersona(const QStringList& args, int timeoutMs = 240000)
{
    QProcess p;
    p.start(PERSONA_CLI_PATH, args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

inline bool haveDefaultModels()
{
    return QFile::exists(PERSONA_MODELS_DIR "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf") &&
           QFile::exists(PERSONA_MODELS_DIR "/all-minilm-l6-v2/model.safetensors");
}
