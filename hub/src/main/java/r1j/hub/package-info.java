/**
 * Models from the Hugging Face hub: a {@link r1j.hub.ModelReference} ({@code ORG/NAME}, {@code ORG/NAME:QUANT},
 * {@code ORG/NAME:FILE.gguf}) is resolved through the hub's API, downloaded with resume and checksum checks, and kept
 * in the Hugging Face cache layout ({@code models--ORG--NAME/blobs|snapshots|refs}) shared with huggingface_hub,
 * transformers and llama.cpp. {@link r1j.hub.ModelHub} is the entry point; nothing here knows about the engine.
 */
package r1j.hub;
