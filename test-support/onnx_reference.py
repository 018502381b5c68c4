"""PyTorch's own maps of seeded torchvision classifiers, for the ONNX translation's tests.

For each family: the model with seeded random weights (no pretrained weights are reachable here), its
BatchNorm scales and shifts drawn at random and its statistics measured on random images (so no
BatchNorm is the identity), exported by torch.onnx.export (eval mode, opset 13), and PyTorch's float64
vanilla gradient and guided backprop of the top class's logit for one fixed input. Guided backprop
rewrites EVERY ReLU (F.relu, which nn.ReLU and torchvision's functional calls both go through, and
ReLU6 as hardtanh(0, 6)): the paper's rule, not backward hooks on nn.ReLU modules.

Writes into OUT_DIR, per family: NAME.onnx, NAME.input.bin (float32, NCHW), NAME.vanilla.bin and
NAME.guided.bin (float32 gradients, NCHW) and NAME.json (shape, class, top-5, logits, and the 99.9th
percentile error of PyTorch's own float32 maps against float64, relative to the map's maximum).
Run: /usr/bin/python3 test-support/onnx_reference.py OUT_DIR [FAMILY...]
"""
import copy
import json
import os
import sys

import torch
import torch.nn.functional as F
import torchvision

FAMILIES = {
    'resnet18': lambda: torchvision.models.resnet18(),
    'squeezenet1_1': lambda: torchvision.models.squeezenet1_1(),
    'mobilenet_v2': lambda: torchvision.models.mobilenet_v2(),
    'densenet121': lambda: torchvision.models.densenet121(),
    'mobilenet_v3_small': lambda: torchvision.models.mobilenet_v3_small(),
    'efficientnet_b0': lambda: torchvision.models.efficientnet_b0(),
    'shufflenet_v2_x0_5': lambda: torchvision.models.shufflenet_v2_x0_5(),
    'googlenet': lambda: torchvision.models.googlenet(aux_logits=False, init_weights=True),
    # For the bench (bench/onnx.ts): exported, and PyTorch-CPU's three maps timed.
    'resnet50': lambda: torchvision.models.resnet50(),
    'densenet201': lambda: torchvision.models.densenet201(),
}
SIZE = 224
OPSET = 13
DECONVNET = False


def seeded_model(name):
    torch.manual_seed(1)
    model = FAMILIES[name]()
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    with torch.no_grad():
        for bn in bns:
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.normal_(0, 0.2)
            bn.reset_running_stats()
            bn.momentum = None
    # Statistics measured on random images, after the scales and shifts are drawn: each BatchNorm then
    # normalizes what it sees, and a deep random net stays well conditioned (float32 agrees with float64).
    model.train()
    with torch.no_grad():
        model(torch.randn(4, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(2)))
    return model.eval()


class GuidedRelu(torch.autograd.Function):
    """ReLU (capped at upper) on the way forward; guided backprop's max(dy, 0) * [0 < x <= upper] on the way back (deconvnet's max(dy, 0) when DECONVNET)."""

    @staticmethod
    def forward(ctx, x, upper):
        ctx.save_for_backward(x)
        ctx.upper = upper
        return x.clamp(min=0) if upper is None else x.clamp(0, upper)

    @staticmethod
    def backward(ctx, dy):
        (x,) = ctx.saved_tensors
        if DECONVNET:
            return dy.clamp(min=0), None
        mask = x > 0
        if ctx.upper is not None:
            mask = mask & (x <= ctx.upper)
        return dy.clamp(min=0) * mask, None


def guided_functions():
    """Every ReLU and ReLU6 of torch.nn.functional, guided; returns the originals to put back."""
    saved = (F.relu, F.hardtanh, F.relu6)

    def relu(x, inplace=False):
        return GuidedRelu.apply(x, None)

    def hardtanh(x, min_val=-1.0, max_val=1.0, inplace=False):
        if min_val == 0.0:
            return GuidedRelu.apply(x, max_val)
        return saved[1](x, min_val, max_val)

    def relu6(x, inplace=False):
        return GuidedRelu.apply(x, 6.0)

    F.relu, F.hardtanh, F.relu6 = relu, hardtanh, relu6
    return saved


def input_gradient(model, x, index):
    x = x.clone().requires_grad_(True)
    model(x)[0, index].backward()
    return x.grad


def maps(model, x, index):
    """The vanilla gradient and guided backprop of the logit of class index."""
    vanilla = input_gradient(model, x, index)
    saved = guided_functions()
    try:
        return vanilla, input_gradient(model, x, index)
    finally:
        F.relu, F.hardtanh, F.relu6 = saved


def export(name, out_dir):
    model = seeded_model(name)
    x32 = torch.rand(1, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(3))
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    x32 = ((x32 - mean) / std).float()
    path = os.path.join(out_dir, name)
    torch.onnx.export(model, x32, path + '.onnx', opset_version=OPSET, input_names=['input'], output_names=['logits'])
    model64 = copy.deepcopy(model).double()
    x = x32.double()
    with torch.no_grad():
        logits = model64(x)[0]
    top5 = torch.topk(logits, 5).indices.tolist()
    index = top5[0]
    vanilla, guided = maps(model64, x, index)
    maps32 = maps(model, x32, index)
    # PyTorch's own float32 maps against its float64 ones: the float32 noise of this net and input.
    float32_error = {name: float(torch.quantile((m32.double() - m64).abs().flatten(), 0.999) / m64.abs().max())
                     for name, m32, m64 in zip(('vanilla', 'guided'), maps32, (vanilla, guided))}
    x32.numpy().tofile(path + '.input.bin')
    vanilla.float().numpy().tofile(path + '.vanilla.bin')
    guided.float().numpy().tofile(path + '.guided.bin')
    with open(path + '.json', 'w') as f:
        json.dump({'shape': [1, 3, SIZE, SIZE], 'classIndex': index, 'top5': top5, 'logits': logits.tolist(), 'opset': OPSET, 'float32Error': float32_error}, f)


def bench(name, out_dir, runs=3):
    """Exports the model and times PyTorch-CPU's three maps (vanilla, deconvnet, guided: a forward and a backward pass each, float32) on random images."""
    global DECONVNET
    model = seeded_model(name)
    torch.onnx.export(model, torch.randn(1, 3, SIZE, SIZE), os.path.join(out_dir, name + '.onnx'), opset_version=OPSET, input_names=['input'], output_names=['logits'])
    import time
    timings = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        three, forward = [], []
        for run in range(runs + 2):
            x = torch.randn(1, 3, SIZE, SIZE)
            start = time.perf_counter()
            with torch.no_grad():
                index = int(model(x)[0].argmax())
            forward_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            input_gradient(model, x, index)
            saved = guided_functions()
            try:
                for deconvnet in (True, False):
                    DECONVNET = deconvnet
                    input_gradient(model, x, index)
            finally:
                F.relu, F.hardtanh, F.relu6 = saved
                DECONVNET = False
            if run >= 2:
                three.append((time.perf_counter() - start) * 1000)
                forward.append(forward_ms)
        timings[threads] = {'threeMapsMs': three, 'forwardMs': forward}
    with open(os.path.join(out_dir, name + '.pytorch.json'), 'w') as f:
        json.dump({'threads': timings, 'torch': torch.__version__}, f)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(2)
    if sys.argv[2:3] == ['--bench']:
        for name in sys.argv[3:]:
            bench(name, out_dir)
            print(f'{name}: exported, PyTorch timed', flush=True)
        return
    for name in sys.argv[2:] or [f for f in FAMILIES if f not in ('resnet50', 'densenet201')]:
        export(name, out_dir)
        print(f'{name}: exported with PyTorch maps', flush=True)


if __name__ == '__main__':
    main()
