"""The Stable Diffusion-family previewer on a tiny pipeline built from config components, saved and reloaded the way
a real checkpoint (SD-Turbo) folder is."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from genir.previewers import PreviewRequest, StableDiffusionPreviewer, load_previewer

WORDS = "men women navy blue white black red shirt shirts shoes watch casual sports formal dress bag".split()


@pytest.fixture(scope="module")
def tiny_sd_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(0)
    texts = [f"{a} {b} {c}" for a in WORDS for b in WORDS[:6] for c in WORDS[6:]]
    tokenizer = CLIPTokenizer().train_new_from_iterator(texts, vocab_size=400)
    tokenizer.model_max_length = 77
    text_encoder = CLIPTextModel(CLIPTextConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64,
                                                num_hidden_layers=2, num_attention_heads=4,
                                                max_position_embeddings=77))
    unet = UNet2DConditionModel(sample_size=8, in_channels=4, out_channels=4, block_out_channels=(32, 64),
                                layers_per_block=1, down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
                                up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"), cross_attention_dim=32,
                                attention_head_dim=8, norm_num_groups=16)
    vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(16, 32),
                        down_block_types=("DownEncoderBlock2D",) * 2, up_block_types=("UpDecoderBlock2D",) * 2,
                        norm_num_groups=16)
    scheduler = DDIMScheduler(timestep_spacing="trailing", clip_sample=False, steps_offset=1)
    pipeline = StableDiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
                                       scheduler=scheduler, safety_checker=None, feature_extractor=None,
                                       requires_safety_checker=False)
    folder = tmp_path_factory.mktemp("sd") / "tiny-sd"
    pipeline.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def sd_previewer(tiny_sd_folder: Path) -> StableDiffusionPreviewer:
    previewer = load_previewer(tiny_sd_folder)
    assert isinstance(previewer, StableDiffusionPreviewer)
    return previewer


def test_reloaded_checkpoint_renders_deterministically_with_progress(sd_previewer: StableDiffusionPreviewer):
    steps: list[tuple[int, int]] = []
    request = PreviewRequest(prompt="navy blue shirt for men", seed=5)
    first = sd_previewer.render(request, lambda s, n: steps.append((s, n)))
    assert first.size == (16, 16)
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert np.array_equal(np.asarray(first), np.asarray(sd_previewer.render(request)))
    other = sd_previewer.render(PreviewRequest(prompt="navy blue shirt for men", seed=6))
    assert not np.array_equal(np.asarray(first), np.asarray(other))


def test_image_to_image_runs_the_strength_share_of_steps(sd_previewer: StableDiffusionPreviewer):
    steps: list[tuple[int, int]] = []
    reference = Image.new("RGB", (40, 60), (200, 20, 20))
    edited = sd_previewer.render(PreviewRequest(prompt="white shirt", seed=1, reference=reference, strength=0.5),
                                 lambda s, n: steps.append((s, n)))
    assert edited.size == (16, 16)
    assert steps == [(1, 2), (2, 2)]
