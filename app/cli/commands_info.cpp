// `persona info`: version, LibTorch version, devices and the default models.
#include "app/cli/commands.h"

#include "core/common/build_info.h"

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
            nlohmann::json out;
            out["version"] = kVersion;
            std::cout << (json ? out.dump(2) : out.dump()) << "\n";
            return 0;
        });
    });
}

} // namespace persona::cli
