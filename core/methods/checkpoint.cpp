#include "core/methods/checkpoint.h"

#include "core/common/error.h"

#include "core/io/safetensors_file.h"
#include "core/io/safetensors_writer.h"
#include "core/io/tensor_source.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <regex>

namespace persona::methods {

void saveCheckpoint(const std::string& path, const NamedTensors& tensors)
{
    io::SafetensorsWriter writer;
    for (const auto& [name, t] : tensors) {
        const torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        std::vector<std::int64_t> shape(c.sizes().begin(), c.sizes().end());
        writer.add(name, shape, c.data_ptr<float>());
    }
    writer.setMetadata("format", "persona-checkpoint-1");
    writer.write(path);
}

std::map<std::string, torch::Tensor> loadCheckpoint(const std::string& path)
{
    const auto source = io::openSafetensors(path);
    std::map<std::string, torch::Tensor> out;
    for (const auto& info : source->tensors()) {
        std::vector<float> data = source->readF32(info.name);
        out[info.name] = torch::from_blob(data.data(), info.shape, torch::kFloat32).clone();
    }
    return out;
}

std::string stepCheckpointPath(const std::string& runDir, int step)
{
    return (std::filesystem::path(runDir) / "checkpoints" / ("step-" + std::to_string(step) + ".safetensors")).string();
}

std::vector<StepCheckpoint> listStepCheckpoints(const std::string& runDir)
{
    namespace fs = std::filesystem;
    std::vector<StepCheckpoint> out;
    const fs::path folder = fs::path(runDir) / "checkpoints";
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return out;
    static const std::regex kName(R"(step-(\d{1,9})\.safetensors)");
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        std::smatch m;
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file(ec) && std::regex_match(name, m, kName))
            out.push_back({std::stoi(m[1].str()), entry.path().string()});
    }
    std::sort(out.begin(), out.end(), [](const StepCheckpoint& a, const StepCheckpoint& b) { return a.step < b.step; });
    return out;
}

StepCheckpoint requireStepCheckpoint(const std::string& runDir, int step)
{
    const std::vector<StepCheckpoint> all = listStepCheckpoints(runDir);
    std::string steps;
    for (const StepCheckpoint& c : all) {
        if (c.step == step)
            return c;
        steps += (steps.empty() ? "" : ", ") + std::to_string(c.step);
    }
    throw ConfigError(runDir + ": no checkpoint at step " + std::to_string(step) + " (" +
                      (steps.empty() ? std::string("the run folder has no step checkpoints") : "saved steps: " + steps) + ")");
}

} // namespace persona::methods
