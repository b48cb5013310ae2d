//! The generated tonic bindings over real gRPC on 127.0.0.1: an EchoService server and
//! client (grpc corpus) exercising all four streaming kinds and an error status. Prints
//! one line per check; exits non-zero on the first mismatch.

use std::pin::Pin;

use protobind_rust_tests::grpc::acme::stream::v1::{
    echo_service_client::EchoServiceClient,
    echo_service_server::{EchoService, EchoServiceServer},
    EchoRequest, EchoResponse,
};
use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

struct Echo;

type Out = Pin<Box<dyn Stream<Item = Result<EchoResponse, Status>> + Send>>;

fn reply(r: &EchoRequest, index: i32) -> EchoResponse {
    EchoResponse {
        text: r.text.clone(),
        index,
        blob: r.blob.clone(),
        ..Default::default()
    }
}

#[tonic::async_trait]
impl EchoService for Echo {
    async fn unary(&self, request: Request<EchoRequest>) -> Result<Response<EchoResponse>, Status> {
        Ok(Response::new(reply(request.get_ref(), 0)))
    }

    type ServerStreamStream = Out;
    async fn server_stream(&self, request: Request<EchoRequest>) -> Result<Response<Out>, Status> {
        let r = request.into_inner();
        let items: Vec<_> = (0..r.repeat).map(|i| Ok(reply(&r, i))).collect();
        Ok(Response::new(Box::pin(tokio_stream::iter(items))))
    }

    async fn client_stream(
        &self,
        request: Request<Streaming<EchoRequest>>,
    ) -> Result<Response<EchoResponse>, Status> {
        let mut stream = request.into_inner();
        let mut text = String::new();
        while let Some(r) = stream.next().await {
            text.push_str(&r?.text);
        }
        Ok(Response::new(EchoResponse {
            text,
            ..Default::default()
        }))
    }

    type BidiStream = Out;
    async fn bidi(&self, request: Request<Streaming<EchoRequest>>) -> Result<Response<Out>, Status> {
        let stream = request.into_inner();
        let out = stream.map(|r| r.map(|r| reply(&r, 1)));
        Ok(Response::new(Box::pin(out)))
    }

    async fn fail(&self, request: Request<EchoRequest>) -> Result<Response<()>, Status> {
        Err(Status::invalid_argument(request.into_inner().text))
    }
}

fn check(ok: bool, what: &str) {
    if !ok {
        eprintln!("FAIL {what}");
        std::process::exit(1);
    }
    println!("ok {what}");
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(EchoServiceServer::new(Echo))
            .serve_with_incoming(incoming),
    );
    let mut client = EchoServiceClient::connect(format!("http://{addr}")).await?;
    let req = EchoRequest {
        text: "hi".into(),
        repeat: 3,
        blob: vec![0, 255, 7],
        ..Default::default()
    };

    let r = client.unary(req.clone()).await?.into_inner();
    check(r.text == "hi" && r.blob == vec![0, 255, 7], "unary with bytes");

    let mut s = client.server_stream(req.clone()).await?.into_inner();
    let mut n = 0;
    while let Some(r) = s.next().await {
        check(r?.index == n, "server stream item");
        n += 1;
    }
    check(n == 3, "server stream length");

    let many = tokio_stream::iter(["a", "b", "c"].map(|t| EchoRequest {
        text: t.into(),
        ..Default::default()
    }));
    let r = client.client_stream(many).await?.into_inner();
    check(r.text == "abc", "client stream");

    let many = tokio_stream::iter(vec![req.clone(), req.clone()]);
    let replies: Vec<_> = client.bidi(many).await?.into_inner().collect().await;
    check(replies.len() == 2 && replies.iter().all(|r| r.is_ok()), "bidi stream");

    let err = client.fail(req).await.unwrap_err();
    check(err.code() == tonic::Code::InvalidArgument && err.message() == "hi", "error status");
    Ok(())
}
