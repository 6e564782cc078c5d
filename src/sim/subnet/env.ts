/** The settings that point the hub's subnet services at a simulator's (demo mode, tests). */
export function subnetServiceEnv(urls: { api: string; mirror: string; alphaPrice: string; taoPrice: string }): Record<string, string> {
  return { GITTENSOR_API_URL: urls.api, GITTENSOR_MIRROR_URL: urls.mirror, HUB_ALPHA_PRICE_URL: urls.alphaPrice, HUB_TAO_PRICE_URL: urls.taoPrice };
}
