"""The generative retriever: a multimodal LLM that reads the conversation (and a photo) and writes product IDs.

The model is a ``transformers`` vision-language model (LLaVA by default: a small CLIP vision tower, a projector and a
small Qwen2 decoder, all built from config; Qwen2-VL checkpoints load through the same class) whose vocabulary holds
the semantic-ID tokens of ``retrieval.semantic_ids``. Decoding is beam search with ``prefix_allowed_tokens_fn`` walking
a prefix trie of the *live* catalog's IDs, so every beam is a real product that is on sale now; each beam's score is its
sequence log-probability under the constrained (renormalised) distribution, which the reranker uses as one feature.

``train`` builds everything from catalog records: item embeddings -> semantic IDs -> synthetic dialogues
(``retrieval.synthesis``) -> an offline-trained tokenizer -> the model, trained with a fixed seed on CPU.
"""
from __future__ import annotations

import json
import logging
import math
import random
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
from PIL import Image

from .encoders import preferred_device
from .records import ProductRecord
from .semantic_ids import PrefixTrie, SemanticIdMap
from .synthesis import DialogueSynthesizer, SyntheticDialogue, shopper_photo_of

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel, PreTrainedTokenizerFast, ProcessorMixin

logger = logging.getLogger(__name__)

RETRIEVER_FILE = "retriever.json"
PAD, EOS, IMAGE = "<pad>", "<eos>", "<image>"
QWEN_VISION = ("<|vision_start|>", "<|image_pad|>", "<|vision_end|>", "<|video_pad|>")
MAX_QUERY_WORDS = 48
ID_LENGTH = 4


@dataclass(frozen=True)
class ModelSize:
    """Dimensions of the config-built LLaVA: small enough to train on 2 CPU cores in minutes."""

    vocab_size: int = 2000
    text_hidden: int = 128
    text_layers: int = 2
    text_heads: int = 4
    text_kv_heads: int = 2
    vision_hidden: int = 64
    vision_layers: int = 2
    vision_heads: int = 2
    image_size: int = 64
    patch_size: int = 16


@dataclass(frozen=True)
class TrainingConfig:
    seed: int = 0
    dialogues_per_product: int = 6
    batch_size: int = 64
    learning_rate: float = 2e-3
    warmup_steps: int = 100
    time_limit_s: float | None = 11 * 60
    id_levels: tuple[int, int, int] = (32, 32, 32)
    size: ModelSize = ModelSize()


# --- tokenizer and processors ---------------------------------------------------------------------------------------
def train_tokenizer(texts: Sequence[str], vocab_size: int,
                    extra_special: Sequence[str] = ()) -> "PreTrainedTokenizerFast":
    """A byte-level BPE tokenizer trained offline on our own text (no hub): typos still tokenize into pieces."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[PAD, EOS, IMAGE, *extra_special],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tokenizer.train_from_iterator(texts, trainer)
    wrapped = PreTrainedTokenizerFast(tokenizer_object=tokenizer, pad_token=PAD, eos_token=EOS)
    wrapped.add_special_tokens({"additional_special_tokens": [IMAGE, *extra_special]})
    return wrapped


def llava_processor(tokenizer: "PreTrainedTokenizerFast", image_size: int, patch_size: int,
                    image_processor: Any | None = None) -> "ProcessorMixin":
    """LLaVA's processor with the PIL image processor (torchvision cannot be installed here)."""
    from transformers import CLIPImageProcessorPil, LlavaProcessor

    if image_processor is None:
        image_processor = CLIPImageProcessorPil(size={"shortest_edge": image_size},
                                                crop_size={"height": image_size, "width": image_size})
    return LlavaProcessor(image_processor=image_processor, tokenizer=tokenizer, patch_size=patch_size,
                          vision_feature_select_strategy="default", image_token=IMAGE, num_additional_image_tokens=1)


def _qwen_processor_class() -> type:
    """Qwen2-VL's processor without its video processor (which needs torchvision): images and text only."""
    from transformers import ProcessorMixin
    from transformers.models.qwen2_vl.processing_qwen2_vl import Qwen2VLProcessor

    class ImageOnlyQwen2VLProcessor(Qwen2VLProcessor):
        def __init__(self, image_processor: Any = None, tokenizer: Any = None, chat_template: str | None = None,
                     **kwargs: Any) -> None:
            self.image_token = QWEN_VISION[1]
            self.video_token = QWEN_VISION[3]
            self.image_token_id = tokenizer.convert_tokens_to_ids(self.image_token)
            self.video_token_id = tokenizer.convert_tokens_to_ids(self.video_token)
            ProcessorMixin.__init__(self, image_processor, tokenizer, chat_template=chat_template)

    return ImageOnlyQwen2VLProcessor


def qwen2_vl_processor(tokenizer: "PreTrainedTokenizerFast", image_processor: Any | None = None) -> "ProcessorMixin":
    from transformers import Qwen2VLImageProcessorPil

    if image_processor is None:
        image_processor = Qwen2VLImageProcessorPil(min_pixels=56 * 56, max_pixels=112 * 112)
    return _qwen_processor_class()(image_processor=image_processor, tokenizer=tokenizer)


# --- the retriever ---------------------------------------------------------------------------------------------------
class GenerativeRetriever:
    """Conversation text (+ photo) -> live products with their sequence log-probabilities."""

    def __init__(self, model: "PreTrainedModel", processor: "ProcessorMixin", id_map: SemanticIdMap) -> None:
        self.model = model.eval()
        self.processor = processor
        self.tokenizer = processor.tokenizer
        self.tokenizer.padding_side = "left"  # batched decoding continues every prompt from the same position
        self.id_map = id_map
        self.family = model.config.model_type
        self._lock = threading.Lock()
        missing = [t for t in id_map.vocabulary() if t not in self.tokenizer.get_vocab()]
        if missing:  # a base checkpoint: the semantic-ID tokens join its vocabulary (to be fine-tuned)
            self.tokenizer.add_tokens(missing, special_tokens=True)
            self.model.resize_token_embeddings(len(self.tokenizer))
        self._token_ids = {t: self.tokenizer.convert_tokens_to_ids(t) for t in id_map.vocabulary()}
        self._live: set[str] | None = None
        self.trie: PrefixTrie[int] = id_map.trie().map_tokens(self._token_ids)

    # prompts ---------------------------------------------------------------------------------------------------------
    @property
    def image_placeholder(self) -> str:
        return "".join(QWEN_VISION[:3]) if self.family.startswith("qwen2") else IMAGE

    def prompt(self, text: str, with_image: bool) -> str:
        """The query as the model reads it; long conversations keep their latest words."""
        words = text.split()[-MAX_QUERY_WORDS:]
        query = " ".join(words)
        return f"{self.image_placeholder} {query}:" if with_image else f"{query}:"

    def encode(self, texts: Sequence[str], images: Sequence[Image.Image] | None) -> dict[str, "torch.Tensor"]:
        prompts = [self.prompt(t, images is not None) for t in texts]
        kwargs: dict[str, Any] = {"text": prompts, "return_tensors": "pt", "padding": True}
        if images is not None:
            kwargs["images"] = [image.convert("RGB") for image in images]
        return dict(self.processor(**kwargs))

    # live catalog ----------------------------------------------------------------------------------------------------
    def set_live_skus(self, skus: Sequence[str] | None) -> None:
        """Restrict decoding to these products (None: every product with an ID); unknown SKUs are ignored."""
        live = None if skus is None else set(skus)
        trie = self.id_map.trie(live).map_tokens(self._token_ids)
        with self._lock:
            self._live, self.trie = live, trie

    def add_product(self, sku: str, embedding: np.ndarray) -> str:
        """Give a new product an ID from its embedding, without retraining, and make it live; returns the ID."""
        self.id_map.assign(sku, embedding)
        with self._lock:
            live = None if self._live is None else self._live | {sku}
        self.set_live_skus(None if live is None else sorted(live))
        return self.id_map.id_string(sku)

    def id_token_path(self, sku: str) -> tuple[int, ...]:
        """The tokenizer ids of a product's semantic ID (the training target)."""
        return tuple(self._token_ids[t] for t in self.id_map.tokens(self.id_map.ids[sku]))

    # decoding --------------------------------------------------------------------------------------------------------
    def generate(self, text: str, image: Image.Image | None, num_beams: int = 20) -> list[tuple[str, float]]:
        """Up to ``num_beams`` live products, best first, with their sequence log-probabilities."""
        return self.generate_many([text], [image] if image is not None else None, num_beams)[0]

    def generate_many(self, texts: Sequence[str], images: Sequence[Image.Image] | None = None,
                      num_beams: int = 20) -> list[list[tuple[str, float]]]:
        """``generate`` for several queries in one batched beam search (left-padded prompts): a worker answering
        several shoppers at once pays for one forward pass per step instead of one per shopper."""
        import torch

        texts = [text.strip() for text in texts]
        if images is not None and len(images) != len(texts):
            raise ValueError("give one image per text, or none")
        if not texts or (images is None and not all(texts)):
            raise ValueError("a query needs text or an image")
        with self._lock:
            trie = self.trie
        if len(trie) == 0:
            return [[] for _ in texts]
        beams = max(2, min(num_beams, len(trie)))  # one beam would switch generate() to greedy search
        inputs = {name: tensor.to(self.model.device) for name, tensor in self.encode(texts, images).items()}
        prompt_length = inputs["input_ids"].shape[1]  # the same for every row: prompts are padded on the left
        eos = self.tokenizer.eos_token_id

        def allowed(_batch: int, sequence: "torch.Tensor") -> list[int]:
            return trie.allowed(sequence[prompt_length:].tolist()) or [eos]

        with torch.inference_mode():
            output = self.model.generate(
                **inputs, num_beams=beams, num_return_sequences=beams, max_new_tokens=ID_LENGTH,
                min_new_tokens=ID_LENGTH, prefix_allowed_tokens_fn=allowed, do_sample=False, length_penalty=0.0,
                renormalize_logits=True, output_scores=True, return_dict_in_generate=True, early_stopping=True,
                pad_token_id=self.tokenizer.pad_token_id, eos_token_id=eos)
        sequences = output.sequences[:, prompt_length:].tolist()
        scores = output.sequences_scores.tolist()
        answers: list[list[tuple[str, float]]] = []
        for row in range(len(texts)):
            results: list[tuple[str, float]] = []
            seen: set[str] = set()
            for sequence, score in zip(sequences[row * beams:(row + 1) * beams], scores[row * beams:(row + 1) * beams]):
                sku = trie.sku(sequence[:ID_LENGTH])
                if sku is not None and sku not in seen and math.isfinite(score):
                    seen.add(sku)
                    results.append((sku, float(score)))
            answers.append(sorted(results, key=lambda item: -item[1])[:num_beams])
        return answers

    # persistence -----------------------------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(folder)
        self.processor.save_pretrained(folder)
        self.id_map.save(folder)
        (folder / RETRIEVER_FILE).write_text(json.dumps({"family": self.family, "id_length": ID_LENGTH}),
                                             encoding="utf-8")

    @classmethod
    def from_pretrained(cls, folder: str | Path, id_map: SemanticIdMap | None = None) -> "GenerativeRetriever":
        """Load our trained folder or a LLaVA / Qwen2-VL checkpoint (whose ID map is given or stored with it)."""
        from transformers import AutoConfig, AutoImageProcessor, AutoTokenizer

        folder = Path(folder)
        if id_map is None:
            if not SemanticIdMap.exists(folder):
                raise ValueError(f"{folder} holds no semantic ID map; pass the one the model is to generate")
            id_map = SemanticIdMap.load(folder)
        config = AutoConfig.from_pretrained(folder)
        tokenizer = AutoTokenizer.from_pretrained(folder)
        image_processor = AutoImageProcessor.from_pretrained(folder, backend="pil")
        if config.model_type == "llava":
            from transformers import LlavaForConditionalGeneration, LlavaProcessor

            model = LlavaForConditionalGeneration.from_pretrained(folder)
            processor = LlavaProcessor.from_pretrained(folder, tokenizer=tokenizer, image_processor=image_processor)
        elif config.model_type in ("qwen2_vl", "qwen2_5_vl"):
            import transformers

            model_class = {"qwen2_vl": "Qwen2VLForConditionalGeneration",
                           "qwen2_5_vl": "Qwen2_5_VLForConditionalGeneration"}[config.model_type]
            model = getattr(transformers, model_class).from_pretrained(folder)
            processor = qwen2_vl_processor(tokenizer, image_processor)
        else:
            raise ValueError(f"{folder}: model type {config.model_type!r} is not a LLaVA or Qwen2-VL model")
        return cls(model.to(preferred_device()), processor, id_map)


def load_generative_retriever(path: str | Path) -> GenerativeRetriever | None:
    """The trained retriever at ``path``, or None while none has been trained there."""
    path = Path(path)
    if not (path / "config.json").is_file() or not SemanticIdMap.exists(path):
        return None
    return GenerativeRetriever.from_pretrained(path)


# --- building and training -------------------------------------------------------------------------------------------
def item_embeddings(records: Sequence[ProductRecord], text_encoder: Any, image_encoder: Any | None) -> np.ndarray:
    """What semantic IDs cluster: the product text in MiniLM space, joined by the photo's embedding if there is one."""
    text = text_encoder.encode([r.document() for r in records])
    if image_encoder is None:
        return text
    images = np.zeros((len(records), image_encoder.dim), dtype=np.float32)
    with_photo = [i for i, r in enumerate(records) if r.image_path]
    for start in range(0, len(with_photo), 256):
        chunk = with_photo[start:start + 256]
        photos = []
        for i in chunk:
            with Image.open(records[i].image_path) as photo:
                photos.append(photo.convert("RGB"))
        images[chunk] = image_encoder.encode(photos)
    return np.concatenate([text, images], axis=1)


def build_llava(tokenizer: "PreTrainedTokenizerFast", size: ModelSize,
                vision_tower: "PreTrainedModel | None" = None) -> "PreTrainedModel":
    """A LLaVA from config: a CLIP vision tower (given, or new), a projector and a small Qwen2 decoder."""
    from transformers import CLIPVisionConfig, LlavaConfig, LlavaForConditionalGeneration, Qwen2Config

    vision_config = vision_tower.config if vision_tower is not None else CLIPVisionConfig(
        hidden_size=size.vision_hidden, intermediate_size=size.vision_hidden * 2,
        num_hidden_layers=size.vision_layers, num_attention_heads=size.vision_heads, image_size=size.image_size,
        patch_size=size.patch_size)
    text_config = Qwen2Config(
        vocab_size=len(tokenizer), hidden_size=size.text_hidden, intermediate_size=size.text_hidden * 2,
        num_hidden_layers=size.text_layers, num_attention_heads=size.text_heads,
        num_key_value_heads=size.text_kv_heads, max_position_embeddings=256, tie_word_embeddings=True,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id, bos_token_id=None)
    config = LlavaConfig(vision_config=vision_config, text_config=text_config,
                         image_token_index=tokenizer.convert_tokens_to_ids(IMAGE), vision_feature_layer=-1,
                         vision_feature_select_strategy="default", projector_hidden_act="gelu",
                         tie_word_embeddings=True)
    model = LlavaForConditionalGeneration(config)
    if vision_tower is not None:
        model.model.vision_tower.load_state_dict(vision_tower.state_dict())
        model.model.vision_tower.requires_grad_(False)
    return model


def catalog_vision_tower(path: str | Path | None) -> tuple["PreTrainedModel", Any] | None:
    """The catalog-trained CLIP vision tower and its image processor, when the image encoder is a CLIP model."""
    from transformers import AutoConfig, AutoImageProcessor, CLIPVisionModel

    if path is None or not (Path(path) / "config.json").is_file():
        return None
    config = AutoConfig.from_pretrained(path)
    if config.model_type not in ("clip", "clip_vision_model"):
        return None
    return CLIPVisionModel.from_pretrained(path), AutoImageProcessor.from_pretrained(path, backend="pil")


def id_loss(retriever: GenerativeRetriever, dialogues: Sequence[SyntheticDialogue],
            photos: Sequence[Image.Image] | None) -> "torch.Tensor":
    """Cross-entropy of the target ID tokens after the prompt (prompts are left-padded, so IDs line up at the end).

    Only the last ``ID_LENGTH`` positions are projected onto the vocabulary (``logits_to_keep``): the prompt needs no
    logits, which saves most of the output layer's cost.
    """
    import torch

    inputs = retriever.encode([d.text for d in dialogues], photos)
    targets = torch.tensor([retriever.id_token_path(d.target_sku) for d in dialogues])
    inputs["input_ids"] = torch.cat([inputs["input_ids"], targets[:, :-1]], dim=1)
    inputs["attention_mask"] = torch.cat([inputs["attention_mask"], torch.ones_like(targets[:, :-1])], dim=1)
    logits = retriever.model(**inputs, logits_to_keep=ID_LENGTH).logits
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), targets.reshape(-1))


def train(records: Sequence[ProductRecord], out_dir: str | Path, config: TrainingConfig = TrainingConfig(),
          text_encoder: Any | None = None, image_encoder: Any | None = None,
          vision_tower_path: str | Path | None = None) -> GenerativeRetriever:
    """Train the retriever on ``records`` and save everything (model, tokenizer, processor, ID map) to ``out_dir``.

    The run is seeded (IDs, dialogues, photo augmentation, weights, batch order); ``time_limit_s`` stops it early on
    a loaded machine so the command keeps its time budget (the log says how far it got).
    """
    import torch
    from tqdm import tqdm

    if not records:
        raise ValueError("cannot train the retriever on an empty catalog")
    started = time.monotonic()
    torch.manual_seed(config.seed)
    if text_encoder is None:
        from .encoders import get_text_encoder

        text_encoder = get_text_encoder()
    embeddings = item_embeddings(records, text_encoder, image_encoder)
    id_map = SemanticIdMap.build([r.sku for r in records], embeddings, config.id_levels, seed=config.seed)
    synthesizer = DialogueSynthesizer(records, seed=config.seed)
    dialogues = list(synthesizer.dialogues(config.dialogues_per_product))
    corpus = [d.text for d in dialogues] + [r.document() for r in records]
    tokenizer = train_tokenizer(corpus, config.size.vocab_size)
    tokenizer.add_tokens(id_map.vocabulary(), special_tokens=True)
    tokenizer.padding_side = "left"
    pretrained_vision = catalog_vision_tower(vision_tower_path)
    if pretrained_vision is not None:
        tower, image_processor = pretrained_vision
        processor = llava_processor(tokenizer, tower.config.image_size, tower.config.patch_size, image_processor)
        model = build_llava(tokenizer, config.size, tower)
    else:
        processor = llava_processor(tokenizer, config.size.image_size, config.size.patch_size)
        model = build_llava(tokenizer, config.size)
    retriever = GenerativeRetriever(model, processor, id_map)
    by_sku = {r.sku: r for r in records}
    photo_rng = random.Random(config.seed)

    batches: list[list[SyntheticDialogue]] = []
    for with_photo in (False, True):
        group = [d for d in dialogues if (d.photo_sku is not None) == with_photo]
        batches += [group[i:i + config.batch_size] for i in range(0, len(group), config.batch_size)]
    random.Random(config.seed).shuffle(batches)

    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=config.learning_rate, weight_decay=0.01)
    total = len(batches)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / config.warmup_steps) * max(0.05, 1 - step / total))
    model.train()
    progress = tqdm(batches, desc="train retriever", unit="batch")
    for step, batch in enumerate(progress):
        photos = [shopper_photo_of(by_sku[d.photo_sku], photo_rng) for d in batch] if batch[0].photo_sku else None
        loss = id_loss(retriever, batch, photos)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        progress.set_postfix(loss=f"{loss.item():.3f}")
        if config.time_limit_s is not None and time.monotonic() - started > config.time_limit_s:
            logger.warning("retriever training stopped by its time limit after %d of %d batches", step + 1, total)
            break
    progress.close()
    model.eval()
    retriever.save(out_dir)
    meta = json.loads((Path(out_dir) / RETRIEVER_FILE).read_text(encoding="utf-8"))
    meta["training"] = {**asdict(config), "batches_done": step + 1, "batches_planned": total,
                        "seconds": round(time.monotonic() - started, 1), "products": len(records)}
    (Path(out_dir) / RETRIEVER_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return retriever
