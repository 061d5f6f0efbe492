// Tests api::findModelPaths (core/api/models.cpp): where the default model files are looked for.
// A build-tree program uses the build's models folder, an installed one the user's data folder,
// then the share folder beside it, then $XDG_DATA_DIRS; $PERSONA_MODELS_DIR overrides all; when
// nothing holds the files the user's data folder is named (issue 33, defect 11: an installed .deb
// found no model because the packager's source tree was baked in).
#include "core/api/models.h"
#include "core/api/training.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
namespace api = persona::api;

namespace {

// Puts a (fake) decoder file in models folder `dir`: what the search looks for.
void putDecoder(const fs::path& dir)
{
    fs::create_directories(dir / "smollm2-135m-instruct");
    std::ofstream(dir / "smollm2-135m-instruct" / "SmolLM2-135M-Instruct.Q4_1.gguf") << "GGUF";
}

} // namespace

class TestModelPaths : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_root = fs::path(m_dir.path().toStdString());
        m_search = {};
        m_search.home = (m_root / "home").string();
        m_search.executable = (m_root / "usr" / "bin" / "persona").string();
        m_search.buildDir = (m_root / "src" / "build").string();
        m_search.buildModelsDir = (m_root / "src" / "models").string();
        m_search.xdgDataDirs = (m_root / "sys1").string() + ":relative/ignored:" + (m_root / "sys2").string();
    }

    void buildTreeUsesTheBuildModels()
    {
        m_search.executable = (m_root / "src" / "build" / "app" / "cli" / "persona").string();
        const api::ModelPaths p = api::findModelPaths(m_search);
        QCOMPARE(p.modelsDir, m_search.buildModelsDir); // even before setup filled it: the error names it
        QCOMPARE(p.searched, std::vector<std::string>{m_search.buildModelsDir});
        QCOMPARE(p.decoder, (fs::path(m_search.buildModelsDir) / "smollm2-135m-instruct" / "SmolLM2-135M-Instruct.Q4_1.gguf").string());
        QCOMPARE(p.dataset, (fs::path(m_search.buildModelsDir) / "data" / "ml-100k").string());
        // A folder whose name only starts like the build folder is not inside it.
        m_search.executable = (m_root / "src" / "build2" / "persona").string();
        QVERIFY(api::findModelPaths(m_search).modelsDir != m_search.buildModelsDir);
    }

    void installedProgramSearchesUserThenSystemFolders()
    {
        const fs::path user = m_root / "home" / ".local" / "share" / "persona-workbench" / "models";
        const fs::path beside = m_root / "usr" / "share" / "persona-workbench" / "models";
        const fs::path sys2 = m_root / "sys2" / "persona-workbench" / "models";
        // Nothing anywhere: the user's folder is named, after all five were searched (the relative
        // $XDG_DATA_DIRS entry is ignored, as the XDG rules say).
        api::ModelPaths p = api::findModelPaths(m_search);
        QCOMPARE(p.modelsDir, user.string());
        const std::vector<std::string> order{user.string(), beside.string(),
                                             (m_root / "sys1" / "persona-workbench" / "models").string(), sys2.string()};
        QCOMPARE(p.searched, order);
        putDecoder(sys2);
        QCOMPARE(api::findModelPaths(m_search).modelsDir, sys2.string());
        putDecoder(beside);
        QCOMPARE(api::findModelPaths(m_search).modelsDir, beside.string());
        putDecoder(user);
        QCOMPARE(api::findModelPaths(m_search).modelsDir, user.string());
        // $XDG_DATA_HOME replaces ~/.local/share when absolute, and is ignored when relative.
        const fs::path xdg = m_root / "xdg";
        m_search.xdgDataHome = xdg.string();
        p = api::findModelPaths(m_search);
        QCOMPARE(p.searched.front(), (xdg / "persona-workbench" / "models").string());
        QCOMPARE(p.modelsDir, beside.string()); // the user folder is empty: the next that has them
        m_search.xdgDataHome = "relative/xdg";
        QCOMPARE(api::findModelPaths(m_search).modelsDir, user.string());
        // Without $XDG_DATA_DIRS: /usr/local/share then /usr/share.
        m_search.xdgDataDirs.clear();
        p = api::findModelPaths(m_search);
        QCOMPARE(p.searched.back(), std::string("/usr/share/persona-workbench/models"));
    }

    void environmentOverridesEverything()
    {
        putDecoder(m_root / "home" / ".local" / "share" / "persona-workbench" / "models");
        m_search.modelsDirEnv = (m_root / "mine").string();
        const api::ModelPaths p = api::findModelPaths(m_search);
        QCOMPARE(p.modelsDir, m_search.modelsDirEnv); // not present, still the one asked for
        QCOMPARE(p.searched.size(), std::size_t(1));
    }

    void thisProcessRunsFromItsBuildTree()
    {
        // The test binaries live in the build folder: the real search picks the build's models.
        const api::ModelSearch here = api::currentModelSearch();
        QVERIFY(!here.executable.empty());
        if (qEnvironmentVariableIsEmpty("PERSONA_MODELS_DIR"))
            QCOMPARE(api::defaultModelPaths().modelsDir, fs::path(here.buildModelsDir).lexically_normal().string());
    }

    // A preset composed in any working folder names the models found, not "models/..." relative
    // to it; what a config file names stays as written.
    void presetsUseTheFoundModels()
    {
        const fs::path models = m_root / "elsewhere" / "models";
        putDecoder(models);
        fs::create_directories(models / "all-minilm-l6-v2");
        fs::create_directories(models / "data" / "ml-100k");
        const QByteArray before = qgetenv("PERSONA_MODELS_DIR");
        qputenv("PERSONA_MODELS_DIR", QByteArray::fromStdString(models.string()));
        const nlohmann::json j = api::composeRunConfig("teaching", "", "");
        QCOMPARE(j["models"]["decoder"].get<std::string>(),
                 (models / "smollm2-135m-instruct" / "SmolLM2-135M-Instruct.Q4_1.gguf").string());
        QCOMPARE(j["models"]["encoder"].get<std::string>(), (models / "all-minilm-l6-v2").string());
        QCOMPARE(j["data"]["dataDir"].get<std::string>(), (models / "data").string());
        QCOMPARE(j["data"]["dataset"].get<std::string>(), std::string("ml-100k")); // found in dataDir at load
        const fs::path file = m_root / "mine.json";
        std::ofstream(file) << R"({"models": {"decoder": "my/own.gguf"}, "data": {"dataDir": "my/data"}})";
        const nlohmann::json own = api::composeRunConfig("teaching", file.string(), "");
        QCOMPARE(own["models"]["decoder"].get<std::string>(), std::string("my/own.gguf"));
        QCOMPARE(own["data"]["dataDir"].get<std::string>(), std::string("my/data"));
        QCOMPARE(own["models"]["encoder"].get<std::string>(), (models / "all-minilm-l6-v2").string());
        if (before.isEmpty())
            qunsetenv("PERSONA_MODELS_DIR");
        else
            qputenv("PERSONA_MODELS_DIR", before);
    }

private:
    QTemporaryDir m_dir;
    fs::path m_root;
    api::ModelSearch m_search;
};

QTEST_APPLESS_MAIN(TestModelPaths)
#include "test_model_paths.moc"
