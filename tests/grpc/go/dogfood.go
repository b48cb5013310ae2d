package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	pluginv1 "github.com/protobind/protobind/generated/go/protobind/plugin/v1"
	typesv1 "github.com/protobind/protobind/generated/go/protobind/types/v1"
)

// The seed's flow on protobind's own committed bindings (generated/go, schemas/): a host
// drives a plugin through DomainPluginService. The plugin here is Go; the contract is
// what any plugin answering `grpcgo host` must do:
//
//   - Metadata: name "echo-plugin", protocol_version "1";
//   - Initialize: handler_names ["echo", "fail"] when config has "mode": "full";
//   - ExecuteJob "echo": success, result = payload, progress 1/1, cost_actual 0.5, job_id
//     echoed, one Attestation {id: job_id, subjects: [handler], attributes: {"size":
//     len(payload)}, timestamp set}; "fail": success false, error "failed: <job_id>";
//   - Health: healthy, checks {"ready": true}, last_job_at set once a job ran;
//   - ExecuteJobStream: one response per request (as ExecuteJob answers it), in order;
//   - Shutdown: an empty response.

type plugin struct {
	pluginv1.UnimplementedDomainPluginServiceServer
	mu      sync.Mutex
	lastJob *time.Time
}

func (*plugin) Metadata(context.Context, *pluginv1.MetadataRequest) (*pluginv1.MetadataResponse, error) {
	return &pluginv1.MetadataResponse{Name: "echo-plugin", Version: "0.1.0", ProtocolVersion: "1"}, nil
}

func (*plugin) Initialize(_ context.Context, req *pluginv1.InitializeRequest) (*pluginv1.InitializeResponse, error) {
	if req.GetConfig()["mode"] != "full" {
		return &pluginv1.InitializeResponse{}, nil
	}
	return &pluginv1.InitializeResponse{HandlerNames: []string{"echo", "fail"}}, nil
}

func (p *plugin) run(req *pluginv1.ExecuteJobRequest) *pluginv1.ExecuteJobResponse {
	now := time.Now().UTC()
	p.mu.Lock()
	p.lastJob = &now
	p.mu.Unlock()
	if req.GetHandlerName() != "echo" {
		return &pluginv1.ExecuteJobResponse{JobId: req.GetJobId(), Error: "failed: " + req.GetJobId()}
	}
	return &pluginv1.ExecuteJobResponse{
		JobId:           req.GetJobId(),
		Success:         true,
		Result:          req.GetPayload(),
		ProgressCurrent: 1,
		ProgressTotal:   1,
		CostActual:      0.5,
		Attestations: []*typesv1.Attestation{{
			Id:         req.GetJobId(),
			Subjects:   []string{req.GetHandlerName()},
			Timestamp:  &now,
			Attributes: map[string]any{"size": float64(len(req.GetPayload()))},
		}},
	}
}

func (p *plugin) ExecuteJob(_ context.Context, req *pluginv1.ExecuteJobRequest) (*pluginv1.ExecuteJobResponse, error) {
	return p.run(req), nil
}

func (p *plugin) ExecuteJobStream(stream grpc.BidiStreamingServer[pluginv1.ExecuteJobRequest, pluginv1.ExecuteJobResponse]) error {
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(p.run(req)); err != nil {
			return err
		}
	}
}

func (p *plugin) Health(context.Context, *pluginv1.HealthRequest) (*pluginv1.HealthResponse, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return &pluginv1.HealthResponse{Healthy: true, Checks: map[string]bool{"ready": true}, LastJobAt: p.lastJob}, nil
}

func (*plugin) Shutdown(context.Context, *pluginv1.ShutdownRequest) (*pluginv1.ShutdownResponse, error) {
	return &pluginv1.ShutdownResponse{}, nil
}

// host runs the seed's flow against the plugin at addr.
func host(addr string) error {
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer cc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := pluginv1.NewDomainPluginServiceClient(cc)

	md, err := c.Metadata(ctx, &pluginv1.MetadataRequest{})
	if err != nil {
		return fmt.Errorf("Metadata: %w", err)
	}
	if md.GetName() != "echo-plugin" || md.GetProtocolVersion() != "1" {
		return fmt.Errorf("Metadata: %v", md)
	}
	init, err := c.Initialize(ctx, &pluginv1.InitializeRequest{
		HostEndpoint: "127.0.0.1:0",
		Config:       map[string]any{"mode": "full", "limits": map[string]any{"jobs": 2.0}, "tags": []any{"a", true, 2.5}},
		AuthToken:    "token",
	})
	if err != nil {
		return fmt.Errorf("Initialize: %w", err)
	}
	if !reflect.DeepEqual(init.GetHandlerNames(), []string{"echo", "fail"}) {
		return fmt.Errorf("Initialize: handler_names %q", init.GetHandlerNames())
	}
	health, err := c.Health(ctx, &pluginv1.HealthRequest{})
	if err != nil {
		return fmt.Errorf("Health: %w", err)
	}
	if !health.GetHealthy() || health.GetLastJobAt() != nil {
		return fmt.Errorf("Health before any job: %v", health)
	}

	before := time.Now().Add(-time.Minute)
	resp, err := c.ExecuteJob(ctx, &pluginv1.ExecuteJobRequest{JobId: "j1", HandlerName: "echo", Payload: blob, TimeoutSecs: 5})
	if err != nil {
		return fmt.Errorf("ExecuteJob: %w", err)
	}
	if err := checkJob(resp, "j1", blob, before); err != nil {
		return fmt.Errorf("ExecuteJob: %w", err)
	}
	failed, err := c.ExecuteJob(ctx, &pluginv1.ExecuteJobRequest{JobId: "j2", HandlerName: "fail"})
	if err != nil {
		return fmt.Errorf("ExecuteJob(fail): %w", err)
	}
	if failed.GetSuccess() || failed.GetError() != "failed: j2" || failed.GetJobId() != "j2" {
		return fmt.Errorf("ExecuteJob(fail): %v", failed)
	}
	health, err = c.Health(ctx, &pluginv1.HealthRequest{})
	if err != nil {
		return fmt.Errorf("Health: %w", err)
	}
	if !health.GetHealthy() || !health.GetChecks()["ready"] || health.GetLastJobAt() == nil || health.GetLastJobAt().Before(before) {
		return fmt.Errorf("Health after jobs: %v", health)
	}

	stream, err := c.ExecuteJobStream(ctx)
	if err != nil {
		return fmt.Errorf("ExecuteJobStream: %w", err)
	}
	for i := range 3 {
		id := fmt.Sprintf("s%d", i)
		payload := bytes.Repeat([]byte{byte(i)}, i*700)
		if err := stream.Send(&pluginv1.ExecuteJobRequest{JobId: id, HandlerName: "echo", Payload: payload}); err != nil {
			return fmt.Errorf("ExecuteJobStream send %d: %w", i, err)
		}
		r, err := stream.Recv()
		if err != nil {
			return fmt.Errorf("ExecuteJobStream recv %d: %w", i, err)
		}
		if err := checkJob(r, id, payload, before); err != nil {
			return fmt.Errorf("ExecuteJobStream %d: %w", i, err)
		}
	}
	if err := stream.CloseSend(); err != nil {
		return err
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("ExecuteJobStream after CloseSend: %v, want io.EOF", err)
	}
	if _, err := c.Shutdown(ctx, &pluginv1.ShutdownRequest{GracePeriodSecs: 1}); err != nil {
		return fmt.Errorf("Shutdown: %w", err)
	}
	return nil
}

func checkJob(r *pluginv1.ExecuteJobResponse, id string, payload []byte, after time.Time) error {
	if !r.GetSuccess() || r.GetJobId() != id || !bytes.Equal(r.GetResult(), payload) ||
		r.GetProgressCurrent() != 1 || r.GetProgressTotal() != 1 || r.GetCostActual() != 0.5 {
		return fmt.Errorf("job %s: success %v, job_id %q, %d result bytes, progress %d/%d, cost %v",
			id, r.GetSuccess(), r.GetJobId(), len(r.GetResult()), r.GetProgressCurrent(), r.GetProgressTotal(), r.GetCostActual())
	}
	atts := r.GetAttestations()
	if len(atts) != 1 {
		return fmt.Errorf("job %s: %d attestations", id, len(atts))
	}
	a := atts[0]
	if a.GetId() != id || !reflect.DeepEqual(a.GetSubjects(), []string{"echo"}) ||
		a.GetTimestamp() == nil || a.GetTimestamp().Before(after) ||
		!reflect.DeepEqual(a.GetAttributes(), map[string]any{"size": float64(len(payload))}) {
		return fmt.Errorf("job %s: attestation %v", id, a)
	}
	return nil
}
