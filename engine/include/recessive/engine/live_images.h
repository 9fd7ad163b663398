// The images of a batch an attack still computes on. An image that stops stepping is frozen for good (its X, hence
// its code and its stop rule, no longer change), so the forward and backward passes need only the others: a
// batch's cost per step falls as its images finish, instead of staying that of the whole batch until the slowest
// image is done.
#pragma once

#include <ATen/core/Tensor.h>

namespace recessive {

class LiveImages {
 public:
  LiveImages(int64_t n, const at::Device& device);  // all n live
  int64_t count() const;
  // The live rows of t (N,...), in batch order.
  at::Tensor of(const at::Tensor& t) const;
  // t's live rows become `rows` ((count(),...)): copied in place, or t replaced by rows while every image is live.
  void put(at::Tensor& t, const at::Tensor& rows) const;
  // (N) bool: `live_stopped` (count()) for the live images, true for the frozen ones (their stop rule held).
  at::Tensor stopped_of_all(const at::Tensor& live_stopped) const;
  // Freezes the live images whose `live_stepping` (count() bool) is false.
  void keep(const at::Tensor& live_stepping);

 private:
  at::Tensor index_;  // (count()) int64 on the attack's device: batch rows still live
  int64_t n_;
};

}  // namespace recessive
