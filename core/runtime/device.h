// Device and dtype selection and CPU thread setup for the torch runtime, behind a torch-free header
// (strings and enums) so the API layer and the CLI can use it. Leaves out model loading.
#pragma once

#include <string>
#include <vector>

namespace persona::runtime {

enum class DType { Float32, BFloat16 };

// "float32"/"fp32"/"f32" or "bfloat16"/"bf16"; throws ConfigError naming the value otherwise.
DType parseDType(const std::string& name);
// parseDType, plus "auto": bfloat16 where it is fast (a CUDA device, or a CPU with native bf16,
// cpuHasNativeBFloat16), float32 elsewhere. `device` is a resolved device name (resolveDevice).
DType resolveDType(const std::string& name, const std::string& device);
const char* dtypeName(DType dtype);

// Whether this CPU computes bfloat16 natively: x86 with AVX512-BF16 (AMX machines have it too).
// Without it LibTorch converts bf16 element by element in its CPU kernels: a PERSOMA training step
// (history 10, batch 4, one thread) took 61 s in bfloat16 against 3.0 s in float32 on an AVX2-only
// EPYC. Other architectures answer true (not checked, so not warned about).
bool cpuHasNativeBFloat16();
// The warning to give before running `dtype` on `device` where it is slow ("" when it is not):
// bfloat16 on a CPU without native bf16.
std::string dtypeWarning(DType dtype, const std::string& device);

bool cudaAvailable();
int cudaDeviceCount();
// "cpu" then "cuda:0", "cuda:1", ... for each visible GPU.
std::vector<std::string> availableDevices();
// Maps a request to a concrete device name: "" or "auto" -> "cuda:0" when a GPU is visible, else
// "cpu"; "cpu"; "cuda" -> "cuda:0"; "cuda:N". Throws ConfigError naming the request when it is
// malformed, or when CUDA is requested but unavailable (or N is out of range).
std::string resolveDevice(const std::string& request);

// The LibTorch version this binary runs with, like "1.13.0".
std::string torchVersion();

struct ThreadSetup {
    int threads = 1;         // the count asked for (or derived)
    int torchThreads = 1;    // LibTorch intra-op (OpenMP) threads after the setup
    int blasThreads = -1;    // OpenBLAS threads after the setup; -1 when LibTorch uses another BLAS
};

// Chooses `requested` threads when > 0, else $PERSONA_NUM_THREADS when set, else the hardware
// concurrency. With OpenBLAS (Debian's LibTorch; found with dlsym) the matrix products, which are
// nearly all the work of the models, run on `threads` OpenBLAS threads and LibTorch's own OpenMP
// pool is kept at one thread: LibTorch calls BLAS outside its parallel regions, so two pools of N
// spinning threads compete for the same cores, and on the shared 2-core build machine torch
// intra-op 2 made a 128-token prefill 5-10x slower (17-32 tokens/s against 87-158 with 1 thread +
// OpenBLAS 2). With another BLAS (MKL in PyTorch wheels, which follows OpenMP) LibTorch gets
// `threads`. Safe to call more than once; returns what was set.
ThreadSetup configureThreads(int requested = 0);

} // namespace persona::runtime
