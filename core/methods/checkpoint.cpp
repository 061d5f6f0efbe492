#include "core/methods/checkpoint.h"

#include "core/io/safetensors_file.h"
#include "core/io/safetensors_writer.h"
#include "core/io/tensor_source.h"

#include <torch/torch.h>

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

} // namespace persona::methods
