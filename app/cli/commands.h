// The CLI's subcommands. Each commands_*.cpp adds its subcommand(s) to the app; the callback runs
// the command and records its exit code. Errors are caught in runGuarded and printed on stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace persona::cli {

void registerCommands(CLI::App& app);
std::string versionString();
int exitCode();

// Runs `body`, turning persona::Error and std::exception into a message on stderr and exit code
// 1 (2 for configuration errors). Sets the process exit code returned by exitCode().
void runGuarded(const std::function<int()>& body);

// Subcommand registrations, one per file.
void addInfoCommand(CLI::App& app);
void addModelCommands(CLI::App& app); // generate, tokenize, embed, bench
void addRunsCommand(CLI::App& app);
void addDataCommands(CLI::App& app); // data stats, data user
// train, predict, neighbours, and `eval --run` on the shared eval subcommand
void addTrainCommands(CLI::App& app, CLI::App* evalCommand);
// Adds the baseline options to `eval` (counting, text-zeroshot); its callback acts when
// isBaseline() says the invocation is a baseline one.
void addBaselineEval(CLI::App* evalCommand, const std::function<bool()>& isBaseline);

} // namespace persona::cli
