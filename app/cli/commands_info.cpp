// `persona info`: version, LibTorch version, devices, threads, available memory and the default models.
#include "app/cli/commands.h"

#include "core/api/models.h"

#include <nlohmann/json.hpp>

#include <iostream>

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
                std::cout << "\nfetch them with: python3 <share>/persona-workbench/scripts/fetch_models.py --dest "
                          << paths.modelsDir << "\n(in a source tree: scripts/setup.sh), or set PERSONA_MODELS_DIR\n";
            }
            return 0;
        });
    });
}

} // namespace persona::cli
