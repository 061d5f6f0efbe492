#include "core/runtime/device.h"

#include "core/common/error.h"
#include "core/common/enum_names.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <thread>

namespace persona::runtime {

namespace {
constexpr EnumName<DType> kDTypeNames[] = {{DType::Float32, "float32", {"fp32", "f32"}},
                                           {DType::BFloat16, "bfloat16", {"bf16"}}};
} // namespace

DType parseDType(const std::string& name)
{
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (const auto d = enumFromName(kDTypeNames, n))
        return *d;
    throw ConfigError("unknown dtype '" + name + "' (use " + enumChoices(kDTypeNames, ", ") + " or auto)");
}

DType resolveDType(const std::string& name, const std::string& device)
{
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (n != "auto")
        return parseDType(name);
    if (device.rfind("cuda", 0) == 0)
        return DType::BFloat16;
    return cpuHasNativeBFloat16() ? DType::BFloat16 : DType::Float32;
}

const char* dtypeName(DType dtype)
{
    return enumName(kDTypeNames, dtype);
}

bool cpuHasNativeBFloat16()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16");
#else
    return true;
#endif
}

std::string dtypeWarning(DType dtype, const std::string& device)
{
    if (dtype != DType::BFloat16 || device.rfind("cpu", 0) != 0 || cpuHasNativeBFloat16())
        return {};
    return "bfloat16 on this CPU is slow: it has no AVX512-BF16, so LibTorch converts every element "
           "(a training step ran about 20x slower than in float32 on such a CPU); choose float32 here";
}

bool cudaAvailable()
{
    return torch::cuda::is_available();
}

int cudaDeviceCount()
{
    return cudaAvailable() ? static_cast<int>(torch::cuda::device_count()) : 0;
}

std::vector<std::string> availableDevices()
{
    std::vector<std::string> devices{"cpu"};
    for (int i = 0; i < cudaDeviceCount(); ++i)
        devices.push_back("cuda:" + std::to_string(i));
    return devices;
}

std::string resolveDevice(const std::string& request)
{
    if (request.empty() || request == "auto")
        return cudaAvailable() ? "cuda:0" : "cpu";
    if (request == "cpu")
        return "cpu";
    if (request.rfind("cuda", 0) == 0) {
        int index = 0;
        if (request.size() > 4) {
            const std::string digits = request.substr(5);
            if (request[4] != ':' || digits.empty() || digits.size() > 4 ||
                !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
                throw ConfigError("malformed device '" + request + "' (use cpu, cuda or cuda:N)");
            index = std::stoi(digits);
        }
        const int count = cudaDeviceCount();
        if (count == 0)
            throw ConfigError("device '" + request + "' requested but CUDA is not available (LibTorch " + torchVersion() +
                              (cudaAvailable() ? "" : ", no CUDA device or a CPU-only build") + ")");
        if (index >= count)
            throw ConfigError("device '" + request + "' requested but only " + std::to_string(count) + " CUDA device(s) exist");
        return "cuda:" + std::to_string(index);
    }
    throw ConfigError("unknown device '" + request + "' (use auto, cpu, cuda or cuda:N)");
}

std::string torchVersion()
{
    return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
           std::to_string(TORCH_VERSION_PATCH);
}

ThreadSetup configureThreads(int requested)
{
    int threads = requested;
    if (threads <= 0) {
        if (const char* env = std::getenv("PERSONA_NUM_THREADS"))
            threads = std::atoi(env);
    }
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    ThreadSetup setup;
    setup.threads = threads;
    using SetFn = void (*)(int);
    using GetFn = int (*)();
    auto set = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    auto get = reinterpret_cast<GetFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    if (set) {
        set(threads);
        at::set_num_threads(1);
    } else {
        at::set_num_threads(threads);
    }
    setup.torchThreads = at::get_num_threads();
    if (get)
        setup.blasThreads = get();
    return setup;
}

} // namespace persona::runtime
