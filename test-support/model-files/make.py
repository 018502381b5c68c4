"""Writes the model files a person might drop that the page cannot read, as their own tools write them.

Run with Debian's python3-torch and python3-h5py: /usr/bin/python3 test-support/model-files/make.py
PyTorch writes the checkpoints; h5py writes the HDF5 files the way Keras lays them out (Keras and
TensorFlow are not installable here); the .keras file is Keras 3's zip (config.json, metadata.json,
model.weights.h5); saved_model.pb is a SavedModel protobuf (saved_model_schema_version 1 and nothing
else), named as SavedModel names it.
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))


def path(name):
    return os.path.join(HERE, name)


torch.save(net.state_dict(), path('checkpoint.pt'))
torch.save(net, path('whole-model.pth'))
torch.save(net.state_dict(), path('legacy.pth'), _use_new_zipfile_serialization=False)
torch.save(net.state_dict(), path('pytorch_model.bin'))
torch.jit.save(torch.jit.script(net), path('scripted.pt'))


def keras_h5(target):
    with h5py.File(target, 'w') as f:
        f.attrs['keras_version'] = '2.15.0'
        f.attrs['backend'] = 'tensorflow'
        f.attrs['model_config'] = json.dumps({'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': []}})
        f.create_group('model_weights').create_dataset('dense/kernel:0', data=np.zeros((2, 2), np.float32))


keras_h5(path('model.h5'))
weights = io.BytesIO()
keras_h5(weights)
with zipfile.ZipFile(path('model.keras'), 'w') as z:
    z.writestr('metadata.json', json.dumps({'keras_version': '3.6.0', 'date_saved': '2026-12-06@06:00:00'}))
    z.writestr('config.json', json.dumps({'module': 'keras', 'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': []}}))
    z.writestr('model.weights.h5', weights.getvalue())

with open(path('saved_model.pb'), 'wb') as f:
    f.write(bytes([0x08, 0x01]))

header = json.dumps({'weight': {'dtype': 'F32', 'shape': [2, 2], 'data_offsets': [0, 16]}}).encode()
with open(path('model.safetensors'), 'wb') as f:
    f.write(len(header).to_bytes(8, 'little') + header + bytes(16))
