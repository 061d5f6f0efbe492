// The precompiled LibTorch header for the torch-using core folders. Sources still include what they
// use; this only makes those includes cheap. Never included by ui/ (LibTorch's `slots` clashes with Qt).
#pragma once
#include <torch/torch.h>
