// persona: the headless command line over the core. Each subcommand lives in its own file
// (commands_*.cpp) and registers itself in registerCommands(); errors go to stderr with a
// non-zero exit, results to stdout (JSON with --json).
#include "app/cli/commands.h"

#include "core/common/error.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

namespace {

// CLI11 reads "-1" into an unsigned option as a huge number (a history of -1 then meant the whole
// history): every unsigned option of every command refuses negative values with its name. An
// empty file or folder name is refused too (`--store ""` used to open the default store).
void checkValues(CLI::App* app)
{
    static const CLI::Validator nonEmpty(
        [](const std::string& value) { return value.empty() ? std::string("an empty path names no file") : std::string(); },
        "PATH");
    static const CLI::Validator nonNegative(
        [](const std::string& value) {
            const auto first = value.find_first_not_of(" \t");
            return first != std::string::npos && value[first] == '-' ? "must be 0 or more, not " + value : std::string();
        },
        "NONNEGATIVE");
    for (CLI::Option* opt : app->get_options()) {
        if (opt->get_type_name().rfind("UINT", 0) == 0)
            opt->check(nonNegative);
        for (const char* name : {"store", "dataset", "config", "output", "run", "model", "path"})
            if (opt->check_lname(name))
                opt->check(nonEmpty);
    }
    for (CLI::App* sub : app->get_subcommands({}))
        checkValues(sub);
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"persona: explore how a language model is personalized from a user's history"};
    app.require_subcommand(1);
    app.set_version_flag("--version", persona::cli::versionString());
    persona::cli::registerCommands(app);
    checkValues(&app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return persona::cli::exitCode();
}
