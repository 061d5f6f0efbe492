#include "core/train/train_state.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/common/json_number.h"
#include "core/methods/checkpoint.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>

namespace persona::train {
namespace {

namespace fs = std::filesystem;

constexpr int kStateVersion = 1;
constexpr const char* kCurrent = "current/";
constexpr const char* kBest = "best/";
constexpr const char* kRng = "rng/torch_cpu";

double numberOr(const nlohmann::json& j, const char* key, const std::string& file)
{
    if (!j.contains(key))
        throw FormatError(file + ": missing '" + std::string(key) + "'");
    const auto& v = j.at(key);
    if (v.is_null())
        return std::numeric_limits<double>::quiet_NaN();
    if (!v.is_number())
        throw FormatError(file + ": '" + std::string(key) + "' is not a number");
    return v.get<double>();
}

std::string adamName(std::size_t i, const char* what)
{
    return "adam/" + std::to_string(i) + "/" + what;
}

} // namespace

void saveTrainState(const std::string& dir, const TrainState& s)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw IoError(dir + ": cannot create the resume folder (" + ec.message() + ")");
    methods::NamedTensors tensors;
    for (const auto& [name, t] : s.current)
        tensors.emplace_back(kCurrent + name, t.detach());
    for (const auto& [name, t] : s.best)
        tensors.emplace_back(kBest + name, t.detach());
    for (std::size_t i = 0; i < s.expAvg.size(); ++i) {
        if (!s.expAvg[i].defined())
            continue;
        tensors.emplace_back(adamName(i, "exp_avg"), s.expAvg[i].detach());
        tensors.emplace_back(adamName(i, "exp_avg_sq"), s.expAvgSq[i].detach());
    }
    if (s.torchRng.defined())
        tensors.emplace_back(kRng, s.torchRng);
    const std::string tensorFile = "state-" + std::to_string(s.step) + ".safetensors";
    methods::saveCheckpoint((fs::path(dir) / tensorFile).string(), tensors);

    nlohmann::json evals = nlohmann::json::array();
    for (const auto& e : s.evals)
        evals.push_back({{"step", e.step}, {"valLoss", finiteOrNull(e.valLoss)}, {"valF1", finiteOrNull(e.valF1)}});
    nlohmann::json j = {{"version", kStateVersion},
                        {"tensors", tensorFile},
                        {"step", s.step},
                        {"pendingEval", s.pendingEval},
                        {"finished", s.finished},
                        {"losses", s.losses},
                        {"evals", evals},
                        {"smoothedLoss", s.smoothedLoss},
                        {"tokens", s.tokens},
                        {"elapsedSeconds", s.elapsedSeconds},
                        {"bestStep", s.bestStep},
                        {"bestValF1", finiteOrNull(s.bestValF1)},
                        {"evalsWithoutGain", s.evalsWithoutGain},
                        {"parameters", s.expAvg.size()},
                        {"adamSteps", s.adamSteps},
                        {"shuffles", s.shuffles},
                        {"cursor", s.cursor}};
    const std::string text = j.dump(1) + "\n";
    writeFileAtomically((fs::path(dir) / "state.json").string(), text.data(), text.size());

    // Older tensor files are no longer named by state.json.
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name != tensorFile && name.rfind("state-", 0) == 0 && entry.path().extension() == ".safetensors")
            fs::remove(entry.path(), ec);
    }
}

bool hasTrainState(const std::string& dir)
{
    std::error_code ec;
    return fs::exists(fs::path(dir) / "state.json", ec);
}

TrainState loadTrainState(const std::string& dir)
{
    const std::string file = (fs::path(dir) / "state.json").string();
    const nlohmann::json j = readJsonObjectFile(file, std::uint64_t(64) << 20, "resume state");
    TrainState s;
    try {
        if (j.at("version").get<int>() != kStateVersion)
            throw FormatError(file + ": unsupported resume state version " + j.at("version").dump());
        s.step = j.at("step").get<int>();
        s.pendingEval = j.at("pendingEval").get<bool>();
        s.finished = j.at("finished").get<bool>();
        s.losses = j.at("losses").get<std::vector<double>>();
        for (const auto& e : j.at("evals"))
            s.evals.push_back({e.at("step").get<int>(), numberOr(e, "valLoss", file), numberOr(e, "valF1", file)});
        s.smoothedLoss = numberOr(j, "smoothedLoss", file);
        s.tokens = numberOr(j, "tokens", file);
        s.elapsedSeconds = numberOr(j, "elapsedSeconds", file);
        s.bestStep = j.at("bestStep").get<int>();
        s.bestValF1 = numberOr(j, "bestValF1", file);
        s.evalsWithoutGain = j.at("evalsWithoutGain").get<int>();
        s.adamSteps = j.at("adamSteps").get<std::vector<std::int64_t>>();
        s.shuffles = j.at("shuffles").get<std::uint64_t>();
        s.cursor = j.at("cursor").get<std::size_t>();
        const std::size_t parameters = j.at("parameters").get<std::size_t>();
        if (s.adamSteps.size() != parameters || static_cast<int>(s.losses.size()) != s.step || s.step < 0)
            throw FormatError(file + ": inconsistent counts (step " + std::to_string(s.step) + ", " +
                              std::to_string(s.losses.size()) + " losses, " + std::to_string(parameters) +
                              " parameters, " + std::to_string(s.adamSteps.size()) + " AdamW steps)");
        const std::string tensorFile = j.at("tensors").get<std::string>();
        if (tensorFile.find('/') != std::string::npos || tensorFile.find("..") != std::string::npos)
            throw FormatError(file + ": bad tensor file name '" + tensorFile + "'");
        const auto tensors = methods::loadCheckpoint((fs::path(dir) / tensorFile).string());
        s.expAvg.resize(parameters);
        s.expAvgSq.resize(parameters);
        for (const auto& [name, t] : tensors) {
            if (name.rfind(kCurrent, 0) == 0)
                s.current.emplace_back(name.substr(std::string(kCurrent).size()), t);
            else if (name.rfind(kBest, 0) == 0)
                s.best.emplace_back(name.substr(std::string(kBest).size()), t);
            else if (name == kRng)
                s.torchRng = t.to(torch::kUInt8).contiguous();
        }
        for (std::size_t i = 0; i < parameters; ++i) {
            auto a = tensors.find(adamName(i, "exp_avg"));
            auto b = tensors.find(adamName(i, "exp_avg_sq"));
            if ((a == tensors.end()) != (b == tensors.end()))
                throw FormatError(file + ": AdamW moments of parameter " + std::to_string(i) + " are incomplete");
            if (a != tensors.end()) {
                s.expAvg[i] = a->second;
                s.expAvgSq[i] = b->second;
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(file + ": " + e.what());
    }
    return s;
}

} // namespace persona::train
