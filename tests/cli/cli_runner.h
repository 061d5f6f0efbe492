// Runs the real `persona` executable for CLI tests and parses its JSON output.
#pragma once

#include <nlohmann/json.hpp>

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

struct CliResult {
    int exitCode = -1;
    bool crashed = false; // ended by a signal (exitCode is then -1)
    QString out;
    QString err;
    nlohmann::json json() const { return nlohmann::json::parse(out.toStdString()); }
};

// Runs `program` with `args` (and `env` added to this process's environment) and waits for it.
inline CliResult runProgram(const QString& program, const QStringList& args, const QProcessEnvironment& env = {},
                            int timeoutMs = 240000)
{
    QProcess p;
    if (!env.isEmpty()) {
        QProcessEnvironment all = QProcessEnvironment::systemEnvironment();
        all.insert(env);
        p.setProcessEnvironment(all);
    }
    p.start(program, args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = r.crashed ? -1 : p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

inline CliResult runPersona(const QStringList& args, int timeoutMs = 240000)
{
    return runProgram(PERSONA_CLI_PATH, args, {}, timeoutMs);
}

inline bool haveDefaultModels()
{
    return QFile::exists(PERSONA_MODELS_DIR "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf") &&
           QFile::exists(PERSONA_MODELS_DIR "/all-minilm-l6-v2/model.safetensors");
}
