import type { Fault, OutputOf, Result } from '../api/client.ts';
import type { Campaign, Problem } from '../../../engine/model/index.ts';
import { confirmOverwrite } from './confirm-overwrite.ts';
import type { SliceCreator } from './store-types.ts';

export type CampaignListing = OutputOf<'campaigns.list'>[number];
export type CampaignEstimate = OutputOf<'campaigns.estimate'>;

/** The dry run the campaigns screen follows (its progress comes through the job). */
export interface WatchedRun {
  runId: number;
  jobId: string;
  campaign: string;
}

export interface CampaignsSlice {
  campaigns: CampaignListing[] | null;
  campaignsError: Fault | null;
  /** The campaign being edited (a copy of its config) and where it sits in the config. */
  campaignDraft: Campaign | null;
  campaignDraftOf: string | null;
  campaignProblems: Problem[];
  campaignPath: string | null;
  campaignSaveMessage: { ok: boolean; text: string } | null;
  watchedRun: WatchedRun | null;
  runActionError: Fault | null;
  /** The last credit estimate asked for, and for which campaign. */
  estimate: Result<CampaignEstimate> | null;
  estimateFor: string | null;
  estimating: boolean;
  loadCampaigns(): Promise<void>;
  /** campaigns.estimate: credits per run and per period, the scheduled runs, the budget check. */
  estimateCampaign(campaign: string, period: string, growth: number): Promise<void>;
  editCampaign(name: string): void;
  updateCampaignDraft(recipe: (c: Campaign) => void): void;
  /** Validates the config with the edited campaign, then saves it; problems land at their fields. */
  saveCampaign(): Promise<boolean>;
  /** runs.start: a dry run of the campaign as of a time (default: the workspace clock); the screen follows its job. */
  startDryRun(campaign: string, asOf: string | null): Promise<void>;
  cancelRun(runId: number): Promise<void>;
  resumeRun(runId: number, campaign: string): Promise<void>;
}

/** The config with the campaign draft in place, and its JSON path. */
function placeCampaign(config: OutputOf<'config.get'>['config'], dataSpace: string, draft: Campaign, of: string) {
  const si = config.dataSpaces.findIndex((s) => s.apiName === dataSpace);
  if (si < 0) return undefined;
  const next = structuredClone(config);
  const list = next.dataSpaces[si]!.campaigns;
  const ci = list.findIndex((c) => c.name === of);
  if (ci < 0) return undefined;
  list[ci] = draft;
  return { config: next, path: `$.dataSpaces[${si}].campaigns[${ci}]` };
}

export const createCampaignsSlice: SliceCreator<CampaignsSlice> = (set, get) => ({
  campaigns: null,
  campaignsError: null,
  campaignDraft: null,
  campaignDraftOf: null,
  campaignProblems: [],
  campaignPath: null,
  campaignSaveMessage: null,
  watchedRun: null,
  runActionError: null,
  estimate: null,
  estimateFor: null,
  estimating: false,
  async estimateCampaign(campaign, period, growth) {
    set({ estimating: true, estimateFor: campaign });
    const r = await get().call('campaigns.estimate', { campaign, dataSpace: get().dataSpace, period, growth });
    if (get().estimateFor === campaign) set({ estimate: r, estimating: false });
  },
  async loadCampaigns() {
    const r = await get().call('campaigns.list', { dataSpace: get().dataSpace });
    set(r.ok ? { campaigns: r.data, campaignsError: null } : { campaignsError: r.error });
  },
  editCampaign(name) {
    const listing = get().campaigns?.find((c) => c.campaign.name === name);
    const fromConfig = get()
      .config?.config.dataSpaces.find((s) => s.apiName === get().dataSpace)
      ?.campaigns.find((c) => c.name === name);
    const source = fromConfig ?? listing?.campaign;
    set({
      campaignDraft: source ? structuredClone(source) : null,
      campaignDraftOf: source ? name : null,
      campaignProblems: [],
      campaignPath: null,
      campaignSaveMessage: null,
    });
  },
  updateCampaignDraft(recipe) {
    const d = get().campaignDraft;
    if (!d) return;
    const next = structuredClone(d);
    recipe(next);
    set({ campaignDraft: next, campaignSaveMessage: null });
  },
  async saveCampaign() {
    const { config, campaignDraft, campaignDraftOf, dataSpace } = get();
    if (!config || !campaignDraft || !campaignDraftOf) return false;
    const placed = placeCampaign(config.config, dataSpace, campaignDraft, campaignDraftOf);
    if (!placed) return false;
    const check = await get().call('config.validate', { config: placed.config });
    if (!check.ok) {
      set({ campaignSaveMessage: { ok: false, text: check.error.message } });
      return false;
    }
    if (!check.data.valid) {
      set({
        campaignProblems: check.data.errors,
        campaignPath: placed.path,
        campaignSaveMessage: { ok: false, text: `Not saved: ${check.data.errors.length} problem(s).` },
      });
      return false;
    }
    const saved = await get().call('config.save', {
      config: placed.config,
      note: `edited campaign ${campaignDraft.name} in the workbench`,
    });
    if (!saved.ok) {
      set({
        campaignProblems: saved.error.problems ?? [],
        campaignPath: placed.path,
        campaignSaveMessage: { ok: false, text: saved.error.message },
      });
      return false;
    }
    await get().reloadConfig();
    await get().loadCampaigns();
    set({
      campaignProblems: [],
      campaignDraftOf: campaignDraft.name,
      campaignSaveMessage: { ok: true, text: `Saved as configuration revision ${saved.data.revision}.` },
    });
    return true;
  },
  async startDryRun(campaign, asOf) {
    set({ runActionError: null });
    const input = { dataSpace: get().dataSpace, campaign, ...(asOf ? { asOf } : {}) };
    let r = await get().call('runs.start', input);
    if (!r.ok && confirmOverwrite(r.error)) r = await get().call('runs.start', { ...input, overwrite: true });
    if (!r.ok) {
      set({ runActionError: r.error });
      return;
    }
    set({ watchedRun: { runId: r.data.runId, jobId: r.data.jobId, campaign } });
  },
  async cancelRun(runId) {
    const r = await get().call('runs.cancel', { runId });
    if (!r.ok) set({ runActionError: r.error });
  },
  async resumeRun(runId, campaign) {
    set({ runActionError: null });
    const r = await get().call('runs.resume', { runId });
    if (!r.ok) {
      set({ runActionError: r.error });
      return;
    }
    set({ watchedRun: { runId: r.data.runId, jobId: r.data.jobId, campaign } });
  },
});
